import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock, lockHolder } from '../warehouse/dataDirLock.js';
import { openEmbedded } from '../warehouse/embeddedDb.js';

/**
 * The CLI's head start on the embedded database. Opening PGlite (compiling its WASM, starting
 * Postgres) takes about as long as loading the rest of the program, and the two overlap: a command
 * that will run locally starts the database first and the transport picks it up when its modules
 * are loaded (src/cli/transport.ts). Only an existing database is opened early: a process that
 * stops while PGlite is still creating a new one (bad arguments, say) would leave it half made.
 */
export interface EarlyEmbedded {
  dataDir: string;
  db: Promise<PGlite>;
  lock: { update(url: string): void; release(): void };
}

let early: EarlyEmbedded | null = null;

/** Starts opening the embedded database in `dataDir` when no other process holds it and it exists. */
export function startEarlyEmbedded(dataDir: string): void {
  if (early || dataDir.startsWith('memory://') || !existsSync(join(dataDir, 'PG_VERSION')) || lockHolder(dataDir)) return;
  const lock = acquireDataDirLock(dataDir, null);
  const db = openEmbedded(dataDir, true);
  // Its failure is reported by whoever takes it; until then it must not count as unhandled.
  db.catch(() => undefined);
  early = { dataDir, db, lock };
}

/** The database opened early for `dataDir`, handed over once (the taker closes it and releases the lock). */
export function takeEarlyEmbedded(dataDir: string): EarlyEmbedded | null {
  if (!early || early.dataDir !== dataDir) return null;
  const e = early;
  early = null;
  return e;
}

/** Closes a database opened early that no command took (the command failed before reaching it). */
export async function closeUntakenEarly(): Promise<void> {
  const e = early;
  early = null;
  if (!e) return;
  try {
    await (await e.db).close();
  } catch {
    /* it never opened: nothing to close */
  } finally {
    e.lock.release();
  }
}
