import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { AppError, ErrorCode } from '../shared/errors.js';

// This module imports PGlite and nothing heavy (no pg, no TypeORM): the CLI imports it first and
// starts the embedded database while the rest of the program is still loading (src/cli/earlyEmbedded.ts).

// Both drivers return the same JS types for what the product reads: int8 as a number (counts and
// row numbers stay far below 2^53), date and timestamp as their text, so a date never shifts with
// the server's time zone. numeric stays a string in both; SQL that wants a number casts to float8.
export const INT8 = 20;
export const DATE = 1082;
export const TIMESTAMP = 1114;
export const parseInt8 = (v: string): number | string => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
};

/**
 * Opens the embedded database in `dataDir` (`memory://` keeps it in memory). `shortLived`: a
 * one-command process (the CLI) starts PGlite with small shared buffers; the WASM build zeroes all
 * of them at start, and 128 MB of them is most of a CLI command's time.
 */
export async function openEmbedded(dataDir: string, shortLived: boolean): Promise<PGlite> {
  const parsers = { [INT8]: parseInt8, [DATE]: (v: string) => v, [TIMESTAMP]: (v: string) => v };
  const startParams = shortLived ? [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] : undefined;
  if (dataDir.startsWith('memory://')) return PGlite.create({ parsers, startParams });
  mkdirSync(dataDir, { recursive: true });
  try {
    return await PGlite.create({ dataDir, parsers, relaxedDurability: false, startParams });
  } catch (e) {
    throw new AppError(ErrorCode.DATABASE_LOCKED, `cannot open the embedded database in ${dataDir}: ${(e as Error).message}`);
  }
}
