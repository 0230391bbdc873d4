import { isAppError } from '../shared/errors.js';
import type { SqlRunner } from './sqlRunner.js';

/**
 * Runs `fn` inside a savepoint of the caller's transaction, so a failure undoes only its own
 * statements and the transaction goes on. Null when it succeeded, else why it failed; errors
 * that are not the application's own (a bug, a database fault) also go to `onInternal`.
 */
export async function inSavepoint(tx: SqlRunner, fn: () => Promise<void>, onInternal: (e: unknown) => void): Promise<string | null> {
  await tx.query('SAVEPOINT insightql_step');
  try {
    await fn();
    await tx.query('RELEASE SAVEPOINT insightql_step');
    return null;
  } catch (e) {
    await tx.query('ROLLBACK TO SAVEPOINT insightql_step');
    if (!isAppError(e)) onInternal(e);
    return isAppError(e) ? e.message : (e as Error).message;
  }
}
