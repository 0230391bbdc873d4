import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/shared/logger.js';
import { LoadLocks } from '../../../src/warehouse/loadLocks.js';
import { testTargets } from '../../support/targets.js';

// Load locks live on real Postgres only (the embedded database admits one process).
const pgTarget = testTargets().find((t) => t.kind === 'postgres');

describe.skipIf(!pgTarget)('load locks (postgres)', () => {
  it('many loads in turn reuse the lock connection without piling up error listeners on it', async () => {
    const db = await pgTarget!.fresh();
    const locks = new LoadLocks(db.config.databaseUrl, createLogger('silent'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      // One client serves them all (each is given back before the next): 25 loads, 25 checkouts.
      for (let i = 0; i < 25; i++) await (await locks.hold(`run-${i}`))();
      for (let i = 0; i < 25; i++) expect(await locks.ifOrphaned(`run-${i}`, async () => undefined)).toBe(true);
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await locks.close();
      await db.drop();
    }
  }, 120_000);
});
