import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestService } from '../../../src/ingest/ingestService.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { CatalogRepository } from '../../../src/warehouse/catalogRepository.js';
import { Warehouse } from '../../../src/warehouse/warehouse.js';
import { testTargets } from '../../support/targets.js';

/** A CSV with good rows, odd text, and rows that must be rejected with their line and reason. */
function sampleCsv(): string {
  const lines = ['id,ts,amount,ok,note'];
  for (let i = 1; i <= 3000; i++) {
    const ts = new Date(Date.UTC(2021, 0, 1) + i * 3_600_000).toISOString();
    let note = `n${i % 7}`;
    if (i % 500 === 0) note = '"tab\there, back\\slash, ""quoted"", Zürich 東京"';
    if (i % 777 === 0) note = '"two\nlines"';
    lines.push(`${i},${ts},${(i * 1.25).toFixed(2)},${i % 2 ? 'true' : 'false'},${note}`);
  }
  // Physical line numbers shift after the quoted newlines; the rejected rows sit at the end.
  lines.push('3001,2021-06-01T00:00:00.000Z,1.5,true'); // one field short
  lines.push('3002,not a time,1.5,true,x');
  lines.push('abc,2021-06-01T00:00:00.000Z,1.5,true,x');
  return lines.join('\n') + '\n';
}

describe.each(testTargets())('file loads in a worker thread ($kind)', (target) => {
  let wh: Warehouse;
  let drop: () => Promise<void>;
  let dir: string;
  let file: string;
  const log = createLogger('silent');
  beforeAll(async () => {
    const fresh = await target.fresh();
    drop = fresh.drop;
    wh = await Warehouse.open({ databaseUrl: fresh.config.databaseUrl, dataDir: fresh.config.dataDir, logger: log });
    await wh.migrate();
    dir = mkdtempSync(join(tmpdir(), 'iq-worker-'));
    file = join(dir, 'sample.csv');
    writeFileSync(file, sampleCsv());
  });
  afterAll(async () => {
    await wh?.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  const rejectedRows = async (runId: string) =>
    wh.query<{ line: number; reason: string }>(`SELECT line, reason FROM catalog.rejected_rows WHERE run_id = $1 ORDER BY line`, [runId]);

  it('loads the same rows, rejections and hash as the in-thread loader', async () => {
    const inWorker = await new IngestService(wh, log, undefined, true).ingest({ name: 'via_worker', input: { kind: 'file', path: file } });
    const inThread = await new IngestService(wh, log, undefined, false).ingest({ name: 'in_thread', input: { kind: 'file', path: file } });
    for (const r of [inWorker, inThread]) {
      expect(r.run.status).toBe('succeeded');
      expect(r.run.rowsRead).toBe(3003);
      expect(r.run.rowsLoaded).toBe(3000);
      expect(r.run.rowsRejected).toBe(3);
    }
    expect(inWorker.run.contentHash).toBe(inThread.run.contentHash);
    expect(inWorker.run.bytes).toBe(inThread.run.bytes);
    expect(inWorker.firstRejections).toEqual(inThread.firstRejections);
    // 3000 data rows plus the header and 3 quoted newlines: the rejected rows are lines 3005-3007.
    expect(inWorker.firstRejections.map((r) => r.line)).toEqual([3005, 3006, 3007]);
    expect(inWorker.firstRejections[0]!.reason).toBe('expected 5 fields, found 4');
    expect(inWorker.firstRejections[1]!.reason).toMatch(/column 'ts': 'not a time' is not a timestamp/);
    expect(inWorker.firstRejections[2]!.reason).toMatch(/column 'id': 'abc' is not an integer/);
    expect(await rejectedRows(inWorker.run.id)).toEqual(await rejectedRows(inThread.run.id));

    const catalog = new CatalogRepository(wh);
    const a = (await catalog.getCatalogDataset('via_worker')).tableName;
    const b = (await catalog.getCatalogDataset('in_thread')).tableName;
    const [diff] = await wh.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM (SELECT * FROM warehouse."${a}" EXCEPT ALL SELECT * FROM warehouse."${b}") x)
            + (SELECT count(*) FROM (SELECT * FROM warehouse."${b}" EXCEPT ALL SELECT * FROM warehouse."${a}") y) AS n`,
    );
    expect(Number(diff!.n)).toBe(0);
    const [odd] = await wh.query<{ note: string; ts: string }>(`SELECT note, ts::text AS ts FROM warehouse."${a}" WHERE id = 500`);
    expect(odd).toEqual({ note: 'tab\there, back\\slash, "quoted", Zürich 東京', ts: '2021-01-21 20:00:00' });
    const [multi] = await wh.query<{ note: string }>(`SELECT note FROM warehouse."${a}" WHERE id = 777`);
    expect(multi!.note).toBe('two\nlines');
  });

  it('strict mode stops at the first rejected row and leaves no dataset or staging table', async () => {
    const ingest = new IngestService(wh, log, undefined, true);
    const err = await ingest.ingest({ name: 'strict_file', input: { kind: 'file', path: file }, strict: true }).catch((e: unknown) => e);
    expect(isAppError(err, 'INGEST_REJECTED')).toBe(true);
    expect((err as Error).message).toMatch(/^line 3005: expected 5 fields/);
    const staging = await wh.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'warehouse' AND tablename LIKE '\\_stg\\_%'`);
    expect(staging).toEqual([]);
    expect((await new CatalogRepository(wh).datasetsByNames(['strict_file'])).filter(Boolean)).toEqual([]);
  });

  it('a file that cannot be read fails the run with the reader error', async () => {
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const err = await new IngestService(wh, log, undefined, true).ingest({ name: 'empty_file', input: { kind: 'file', path: empty } }).catch((e: unknown) => e);
    expect(isAppError(err, 'BAD_INPUT')).toBe(true);
    expect((err as Error).message).toMatch(/empty/);
  });
});
