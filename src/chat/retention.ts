import type { Logger } from '../shared/logger.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';

const HOUR = 3_600_000;

/** Deletes conversations (with their turns and feedback) untouched for more than `days`; returns how many. */
export async function pruneConversations(db: SqlRunner, days: number): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM chat.conversations WHERE updated_at < now() - make_interval(days => $1) RETURNING 1) SELECT count(*)::int AS n FROM gone`,
    [days],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Keeps stored turns bounded: prunes at start and then hourly. Learned words and corrections live
 * in their own tables and stay. `days` 0 keeps conversations forever. Returns the stop function.
 */
export function startConversationRetention(db: SqlRunner, days: number, log: Logger): () => void {
  if (days <= 0) return () => undefined;
  const run = () =>
    pruneConversations(db, days).then(
      (n) => n && log.info({ pruned: n, days }, 'conversations past retention deleted'),
      (e) => log.warn({ err: (e as Error).message }, 'conversation retention failed; will retry'),
    );
  void run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
