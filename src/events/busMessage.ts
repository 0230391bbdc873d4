/**
 * What travels between server processes on the one Postgres channel. Messages are small and say
 * "look now": the truth stays in tables (alerts are rows; a message carries only their ids), so a
 * lost message costs latency, never data — readers catch up from the tables.
 */
export type BusMessage =
  /** A dataset was loaded, appended to, replaced or dropped (also: catalog caches are stale). */
  | { t: 'dataset'; tenant: string; dataset: string; kind: 'loaded' | 'appended' | 'replaced' | 'dropped'; rowCount: number; runId: string | null; at: string }
  /** Events were logged for scoring. */
  | { t: 'events'; tenant: string; dataset: string }
  /** New alerts (their ids, as text: bigint). */
  | { t: 'alerts'; ids: string[] }
  /** A detector was created, paused, resumed, deleted or retuned: scorers reload it. */
  | { t: 'detector'; tenant: string; id: string };

/** NOTIFY payloads are limited to 8,000 bytes; alert ids go in chunks below that. */
export const MAX_IDS_PER_MESSAGE = 400;
export const CHANNEL = 'insightql';
