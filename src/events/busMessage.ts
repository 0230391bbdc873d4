import type { AlertEvent } from './eventBus.js';

/**
 * What travels between server processes on the one Postgres channel. Messages are small and say
 * "look now": the truth stays in tables, so a lost message costs latency, never data — readers
 * catch up from the tables. New alerts travel as their rows when they fit in one NOTIFY (no
 * process has to read them back before pushing them), else as ids to read.
 */
export type BusMessage =
  /** A dataset was loaded, appended to, replaced or dropped (also: catalog caches are stale). */
  | { t: 'dataset'; tenant: string; dataset: string; kind: 'loaded' | 'appended' | 'replaced' | 'dropped'; rowCount: number; runId: string | null; at: string }
  /** Events were logged for scoring. */
  | { t: 'events'; tenant: string; dataset: string }
  /** New alerts: their ids (text: bigint), and their stored rows when those fit in the payload. */
  | { t: 'alerts'; ids: string[]; rows?: AlertEvent[] }
  /** A detector was created, paused, resumed, deleted or retuned: scorers reload it. */
  | { t: 'detector'; tenant: string; id: string }
  /**
   * Learned words of a tenant changed (a reply, feedback, a removal): every process drops its cached
   * words of that owner, or with `all` of every owner in the tenant. Never the words themselves.
   */
  | { t: 'learned'; tenant: string; owner: string | null; all?: true };

/** NOTIFY payloads are limited to 8,000 bytes; alert ids go in chunks below that. */
export const MAX_IDS_PER_MESSAGE = 400;
/** Bytes of JSON one message may carry (below the 8,000-byte NOTIFY limit, with room to spare). */
export const MAX_PAYLOAD_BYTES = 7_500;
export const CHANNEL = 'insightql';
