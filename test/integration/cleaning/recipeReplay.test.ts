import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetService } from '../../../src/datasets/datasetService.js';
import { IngestService } from '../../../src/ingest/ingestService.js';
import { isAppError } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/logger.js';
import { quoteIdent } from '../../../src/warehouse/warehouse.js';
import { testTargets } from '../../support/targets.js';
import { VEGA_DATA, seeded } from '../../support/dirty.js';
import { fingerprint, openEnv, type Env } from './support.js';

const csv = (s: string) => ({ kind: 'stream' as const, stream: Readable.from([Buffer.from(s)]) });

/** The current rows, dates as ISO text, in table order. */
async function rows(env: Env, dataset: string, select: string): Promise<Record<string, unknown>[]> {
  const [d] = await env.wh.query<{ table_name: string }>(`SELECT table_name FROM catalog.datasets WHERE name = $1`, [dataset]);
  return env.wh.query(`SELECT ${select} FROM warehouse.${quoteIdent(d!.table_name)} ORDER BY ctid`);
}

async function stagingTables(env: Env): Promise<number> {
  const [r] = await env.wh.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM pg_tables WHERE schemaname = 'warehouse' AND tablename LIKE '\\_stg\\_%'`);
  return Number(r!.n);
}

const RAW = `id,City,price,day,temp
1, boston ,$10,2024-01-01,10
2,Boston,20,2024-01-02,
3,Denver,"1,000",2024-01-03,14
4,Austin,$5.50,2024-01-04,
`;

describe.each(testTargets())('appended and replacing loads go through the whole recipe ($kind)', (target) => {
  let env: Env;
  let ingest: IngestService;
  let n = 0;

  /** A dataset loaded from RAW and cleaned by six steps, three of which change its columns. */
  const cleaned = async (): Promise<string> => {
    const ds = `shop${++n}`;
    await ingest.ingest({ name: ds, input: csv(RAW) });
    const run = (step: string, params: unknown) => env.cleaning.runStep({ dataset: ds, step, params });
    await run('trimAndCase', { columns: ['city'], case: 'title' });
    await run('coerceType', { column: 'price', to: 'double' });
    await run('renameColumn', { column: 'city', newName: 'town' });
    await run('imputeMissing', { column: 'temp', method: 'forward_fill', orderBy: 'day' });
    await run('dropColumns', { columns: ['id'] });
    await run('removeDuplicates', { mode: 'key', columns: ['town', 'day'] });
    return ds;
  };

  beforeAll(async () => {
    env = await openEnv(target);
    ingest = new IngestService(env.wh, createLogger('silent'), undefined, false);
  });
  afterAll(async () => env?.close());

  it('a batch in the source shape is typed as the source was and passes through every step', async () => {
    const ds = await cleaned();
    const before = await rows(env, ds, `town, price, to_char(day, 'YYYY-MM-DD') AS day, temp`);
    expect(before).toEqual([
      { town: 'Boston', price: 10, day: '2024-01-01', temp: 10 },
      { town: 'Boston', price: 20, day: '2024-01-02', temp: 10 },
      { town: 'Denver', price: 1000, day: '2024-01-03', temp: 14 },
      { town: 'Austin', price: 5.5, day: '2024-01-04', temp: 14 },
    ]);
    const r = await ingest.ingest({
      name: ds,
      append: true,
      input: csv('id,City,price,day,temp\n5,  denver,"$2,500",2024-01-05,\n6,Boston,7,2024-01-02,99\n7,austin,$1,2024-01-06,12\n8,AUSTIN,$3,2024-01-06,13\n'),
    });
    expect(r.run.status).toBe('succeeded');
    expect(r.run.recipe).toEqual({ shape: 'input', applied: ['1:trimAndCase', '2:coerceType', '3:renameColumn', '4:imputeMissing', '5:dropColumns', '6:removeDuplicates'], skipped: [] });
    const after = await rows(env, ds, `town, price, to_char(day, 'YYYY-MM-DD') AS day, temp`);
    expect(after.slice(0, 4)).toEqual(before);
    // Denver's temp is forward-filled from the dataset's last reading before it (14, on Jan 4);
    // Boston on Jan 2 repeats a key already in the dataset and the second Austin one in the batch.
    expect(after.slice(4)).toEqual([
      { town: 'Denver', price: 2500, day: '2024-01-05', temp: 14 },
      { town: 'Austin', price: 1, day: '2024-01-06', temp: 12 },
    ]);
    const [d] = await env.wh.query<{ row_count: number }>(`SELECT row_count FROM catalog.datasets WHERE name = $1`, [ds]);
    expect(Number(d!.row_count)).toBe(6);
    expect(await stagingTables(env)).toBe(0);
  });

  it('cleaning a real dataset in two parts, the second appended, gives the rows cleaning it whole gives', async () => {
    // seattle-weather made dirty with a fixed seed: label variants, temperatures as loose text, gaps in wind, repeated days.
    const rnd = seeded(11);
    const lines = readFileSync(join(VEGA_DATA, 'seattle-weather.csv'), 'utf8').trim().split('\n');
    const body: string[] = [];
    for (const l of lines.slice(1)) {
      const [date, precip, tmax, tmin, wind, label] = l.split(',') as [string, string, string, string, string, string];
      const r = rnd();
      const t = r < 0.05 ? 'N/A' : r < 0.1 ? `"${tmax}°C"` : r < 0.15 ? ` ${tmax} ` : tmax;
      const lab = rnd() < 0.2 ? ` ${label.toUpperCase()}` : label;
      const w = rnd() < 0.1 ? '' : wind;
      const row = `${date},${precip},${t},${tmin},${w},${lab}`;
      body.push(row);
      if (rnd() < 0.03) body.push(`${date},${precip},${tmax},${tmin},${wind},${label}`);
    }
    const header = lines[0]!;
    const cut = Math.floor(body.length * 0.8);
    // The batch also repeats a few days the first part already has.
    const part2 = [...body.slice(cut, cut + 50), ...body.slice(cut - 5, cut), ...body.slice(cut + 50)];
    const recipe: [string, Record<string, unknown>][] = [
      ['trimAndCase', { columns: ['weather'], case: 'lower' }],
      ['standardizeValues', { column: 'weather', method: 'mapping', mapping: { drizzle: 'rain' } }],
      ['coerceType', { column: 'temp_max', to: 'double' }],
      ['imputeMissing', { column: 'wind', method: 'forward_fill', orderBy: 'date' }],
      ['renameColumn', { column: 'weather', newName: 'condition' }],
      ['removeDuplicates', { mode: 'key', columns: ['date'], keep: 'first' }],
      ['dropColumns', { columns: ['temp_min'] }],
    ];
    const clean = async (name: string, text: string) => {
      await ingest.ingest({ name, input: csv(`${header}\n${text}\n`) });
      for (const [step, params] of recipe) await env.cleaning.runStep({ dataset: name, step, params });
    };
    const whole = `whole${++n}`;
    const split = `split${n}`;
    await clean(whole, [...body.slice(0, cut), ...part2].join('\n'));
    await clean(split, body.slice(0, cut).join('\n'));
    const r = await ingest.ingest({ name: split, append: true, input: csv(`${header}\n${part2.join('\n')}\n`) });
    expect(r.run.recipe).toMatchObject({ shape: 'input', skipped: [] });
    const select = `to_char(date, 'YYYY-MM-DD') AS date, precipitation, temp_max, wind, condition`;
    const a = await rows(env, whole, select);
    expect(a.length).toBe(1461);
    expect(await rows(env, split, select)).toEqual(a);
  });

  it('a batch already in the cleaned shape runs the steps that keep the columns and skips the rest, saying why', async () => {
    const ds = await cleaned();
    const r = await ingest.ingest({ name: ds, append: true, input: csv('town,price,day,temp\n  el paso ,3,2024-01-07,\n') });
    expect(r.run.recipe?.shape).toBe('current');
    // trimAndCase named 'city', which a later step renamed: it runs on 'town'.
    expect(r.run.recipe?.applied).toEqual(['1:trimAndCase', '2:coerceType', '4:imputeMissing', '6:removeDuplicates']);
    expect(r.run.recipe?.skipped.map((s) => s.step)).toEqual(['3:renameColumn', '5:dropColumns']);
    expect(r.run.recipe?.skipped[0]!.reason).toMatch(/'city'/);
    expect(r.run.recipe?.skipped[1]!.reason).toMatch(/'id'/);
    expect((await rows(env, ds, `town, price, temp`)).at(-1)).toEqual({ town: 'El Paso', price: 3, temp: 14 });
  });

  it('new spellings in a batch join the clusters the step found, and new values cluster among themselves', async () => {
    const ds = `cities${++n}`;
    await ingest.ingest({ name: ds, input: csv('city,n\nNew York,1\nNew York,2\nNew York,3\nnew york,4\nChicago,5\n') });
    await env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } });
    const r = await ingest.ingest({ name: ds, append: true, input: csv('city,n\nNEW YORK ,6\n"york, new",7\nSeattle,8\nseattle,9\nSeattle,10\nchicago,11\n') });
    expect(r.run.recipe).toMatchObject({ shape: 'input', applied: ['1:standardizeValues'] });
    expect((await rows(env, ds, 'city')).map((x) => x.city)).toEqual(['New York', 'New York', 'New York', 'New York', 'Chicago', 'New York', 'New York', 'Seattle', 'Seattle', 'Seattle', 'Chicago']);
  });

  it('editing the recipe keeps what unchanged steps resolved; a disabled step no longer touches new rows', async () => {
    const ds = `edited${++n}`;
    await ingest.ingest({ name: ds, input: csv('city,n\nNew York,1\nNew York,2\nnew york,3\n') });
    await env.cleaning.runStep({ dataset: ds, step: 'standardizeValues', params: { column: 'city', method: 'fingerprint' } });
    await env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['city'], case: 'upper' } });
    const before = await env.cleaning.recipe(ds);
    expect(before[0]!.resolved).toMatchObject({ mappings: [{ column: 'city', entries: [['new york', 'New York']] }] });
    const edited = await env.cleaning.editRecipe(ds, before.map((s, i) => ({ step: s.step, params: s.params, enabled: i === 0 })));
    expect(edited.map((s) => [s.step, s.enabled, s.resolved])).toEqual([
      ['standardizeValues', true, before[0]!.resolved],
      ['trimAndCase', false, before[1]!.resolved],
    ]);
    const r = await ingest.ingest({ name: ds, append: true, input: csv('city,n\nnew york,4\n') });
    expect(r.run.recipe?.applied).toEqual(['1:standardizeValues']);
    expect((await rows(env, ds, 'city')).at(-1)).toEqual({ city: 'New York' });
  });

  it('fuzzy duplicates of rows already in the dataset are dropped from the batch; the dataset keeps its own', async () => {
    const ds = `people${++n}`;
    await ingest.ingest({ name: ds, input: csv('name,city\nJonathan Smith,Boston\nMaria Garcia,Denver\nWei Zhang,Austin\nJon Smyth,Boston\n') });
    const step = await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'fuzzy', columns: ['name', 'city'], threshold: 0.85 } });
    const kept = (await rows(env, ds, 'name')).map((x) => x.name);
    const r = await ingest.ingest({ name: ds, append: true, input: csv('name,city\nMaria Garcia,Denver\nMaria Garcya,Denver\nPeter Parker,Queens\nPeter Parkr,Queens\n') });
    expect(r.run.recipe).toEqual({ shape: 'input', applied: ['1:removeDuplicates'], skipped: [] });
    expect(step.counts.rowsAfter).toBe(kept.length);
    // Both Marias match a row already there; the second Peter matches the first within the batch.
    expect((await rows(env, ds, 'name')).map((x) => x.name)).toEqual([...kept, 'Peter Parker']);
  });

  it('fuzzy matching against the dataset narrowed by an exactly compared column still finds its matches', async () => {
    const ds = `visits${++n}`;
    await ingest.ingest({ name: ds, input: csv('name,day\nMargaret Thompson,2024-05-01\nChristopher Johnson,2024-05-02\nElizabeth Anderson,2024-05-03\n') });
    // Equal weights at 0.9: a differing day alone caps the score at 0.5, so only the batch's days can match.
    await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'fuzzy', columns: ['name', 'day'], threshold: 0.9 } });
    const r = await ingest.ingest({ name: ds, append: true, input: csv('name,day\nMargret Thompson,2024-05-01\nChristopher Jonson,2024-06-30\nElizabeth Andersen,2024-05-03\n') });
    expect(r.run.recipe?.applied).toEqual(['1:removeDuplicates']);
    expect((await rows(env, ds, 'name')).map((x) => x.name)).toEqual(['Margaret Thompson', 'Christopher Johnson', 'Elizabeth Anderson', 'Christopher Jonson']);
    // A batch row without a day could match any row: nothing is narrowed, and the name decides.
    await ingest.ingest({ name: ds, append: true, input: csv('name,day\nMargaret Tompson,\nRobert Williams,2024-07-01\n') });
    expect((await rows(env, ds, 'name')).map((x) => x.name).slice(4)).toEqual(['Robert Williams']);
  });

  it('exact duplicates of rows already in the dataset are dropped, nulls matching nulls', async () => {
    const ds = `events${++n}`;
    await ingest.ingest({ name: ds, input: csv('kind,code,note\nopen,1,\nopen,1,\nclose,,x\nclose,2,y\n') });
    await env.cleaning.runStep({ dataset: ds, step: 'removeDuplicates', params: { mode: 'exact' } });
    const r = await ingest.ingest({ name: ds, append: true, input: csv('kind,code,note\nopen,1,\nclose,,x\nclose,,z\nclose,2,y\nopen,3,\nopen,3,\n') });
    expect(r.run.recipe).toEqual({ shape: 'input', applied: ['1:removeDuplicates'], skipped: [] });
    expect(await rows(env, ds, 'kind, code, note')).toEqual([
      { kind: 'open', code: 1, note: null },
      { kind: 'close', code: null, note: 'x' },
      { kind: 'close', code: 2, note: 'y' },
      { kind: 'close', code: null, note: 'z' },
      { kind: 'open', code: 3, note: null },
    ]);
  });

  it('outlier flags and caps use the fences the step computed; a batch without the flag column gets it', async () => {
    const ds = `sensor${++n}`;
    const body = Array.from({ length: 20 }, (_, i) => `${i + 1},${10 + (i % 5)}`).join('\n');
    await ingest.ingest({ name: ds, input: csv(`t,v\n${body}\n21,500\n`) });
    await env.cleaning.runStep({ dataset: ds, step: 'handleOutliers', params: { column: 'v', method: 'iqr', action: 'flag' } });
    const r = await ingest.ingest({ name: ds, append: true, input: csv('t,v\n22,12\n23,-400\n') });
    expect(r.run.recipe?.applied).toEqual(['1:handleOutliers']);
    expect((await rows(env, ds, 'v, v_outlier')).slice(-3)).toEqual([
      { v: 500, v_outlier: true },
      { v: 12, v_outlier: false },
      { v: -400, v_outlier: true },
    ]);
    // The cleaned shape (with the flag column) is accepted too, and its flags are computed afresh.
    const c = await ingest.ingest({ name: ds, append: true, input: csv('t,v,v_outlier\n24,900,false\n') });
    expect(c.run.recipe?.shape).toBe('current');
    expect((await rows(env, ds, 'v, v_outlier')).at(-1)).toEqual({ v: 900, v_outlier: true });
  });

  it('a column-changing step that fails on the batch refuses the load and leaves the dataset exactly as it was', async () => {
    const ds = `strict${++n}`;
    await ingest.ingest({ name: ds, input: csv('item,price\na,$1\nb,$2\n') });
    await env.cleaning.runStep({ dataset: ds, step: 'coerceType', params: { column: 'price', to: 'double', onError: 'reject' } });
    const before = await fingerprint(env.wh, ds);
    let code = '';
    let message = '';
    try {
      await ingest.ingest({ name: ds, append: true, input: csv('item,price\nc,$3\nd,three dollars\n') });
    } catch (e) {
      if (!isAppError(e)) throw e;
      ({ code, message } = e);
    }
    expect(code).toBe('INGEST_REJECTED');
    expect(message).toMatch(/recipe step 1:coerceType failed on the batch.*three dollars.*nothing was appended/);
    expect(await fingerprint(env.wh, ds)).toEqual(before);
    expect(await stagingTables(env)).toBe(0);
  });

  it('a file appended through the worker loader (its own COPY connection on Postgres) is typed and cleaned the same way', async () => {
    const ds = await cleaned();
    const dir = mkdtempSync(join(tmpdir(), 'iq-replay-'));
    try {
      const file = join(dir, 'more.csv');
      writeFileSync(file, 'id,City,price,day,temp\n10, tulsa ,"$1,250",2024-01-10,\n');
      const r = await new IngestService(env.wh, createLogger('silent')).ingest({ name: ds, append: true, input: { kind: 'file', path: file } });
      expect(r.run.recipe?.shape).toBe('input');
      expect((await rows(env, ds, `town, price, temp`)).at(-1)).toEqual({ town: 'Tulsa', price: 1250, temp: 14 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a batch in neither shape is refused, naming both', async () => {
    const ds = await cleaned();
    let message = '';
    try {
      await ingest.ingest({ name: ds, append: true, input: csv('town,price\nX,1\n') });
    } catch (e) {
      if (!isAppError(e)) throw e;
      expect(e.code).toBe('SCHEMA_MISMATCH');
      message = e.message;
    }
    expect(message).toMatch(/missing 'day', 'temp'.*the source's own columns are also accepted: 'id', 'City', 'price', 'day', 'temp'/);
  });

  it('a replacing load keeps the old rows as a version and reruns the recipe on the new ones', async () => {
    const ds = await cleaned();
    const old = await env.cleaning.versions(ds);
    const r = await ingest.ingest({ name: ds, input: csv('id,City,price,day,temp\n1,  miami,$7,2024-02-01,20\n2,Miami,$8,2024-02-01,\n3,tampa,9,2024-02-02,\n') });
    expect(r.run.mode).toBe('replace');
    expect(r.run.recipe).toEqual({ shape: 'rerun', applied: ['1:trimAndCase', '2:coerceType', '3:renameColumn', '4:imputeMissing', '5:dropColumns', '6:removeDuplicates'], skipped: [] });
    expect(await rows(env, ds, `town, price, to_char(day, 'YYYY-MM-DD') AS day, temp`)).toEqual([
      { town: 'Miami', price: 7, day: '2024-02-01', temp: 20 },
      { town: 'Tampa', price: 9, day: '2024-02-02', temp: 20 },
    ]);
    const versions = await env.cleaning.versions(ds);
    // The six earlier versions plus the load and one version per recipe step.
    expect(versions.length).toBe(old.length + 7);
    expect(versions.find((v) => v.version === old[0]!.version)!.available).toBe(true);
    expect(versions.find((v) => v.version === old[0]!.version + 1)).toMatchObject({ step: 'ingest', createdBy: 'ingest' });
    // The old cleaned rows can be restored.
    await env.cleaning.revert(ds, old[0]!.version);
    expect((await rows(env, ds, 'town')).map((x) => x.town)).toEqual(['Boston', 'Boston', 'Denver', 'Austin']);
  });

  it('dropping a dataset removes the tables of every version, replaced loads included', async () => {
    const ds = `gone${++n}`;
    const tables = async () => Number((await env.wh.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM pg_tables WHERE schemaname = 'warehouse'`))[0]!.n);
    const before = await tables();
    await ingest.ingest({ name: ds, input: csv('k,v\na,1\n') });
    await ingest.ingest({ name: ds, input: csv('k,v\nb,2\n') });
    await env.cleaning.runStep({ dataset: ds, step: 'trimAndCase', params: { columns: ['k'], case: 'upper' } });
    expect((await env.cleaning.versions(ds)).map((v) => `${v.version}:${v.step}:${v.available}`)).toEqual(['3:trimAndCase:true', '2:ingest:true', '1:ingest:true']);
    expect(await tables()).toBe(before + 3);
    expect(await new DatasetService(env.wh).drop(ds)).toBe(true);
    expect(await tables()).toBe(before);
  });

  it('a replacing load whose file lacks a column the recipe needs still loads; the failing step and the ones after it are reported', async () => {
    const ds = await cleaned();
    const r = await ingest.ingest({ name: ds, input: csv('id,City,price,day\n1,x,$1,2024-03-01\n') });
    expect(r.run.status).toBe('succeeded');
    expect(r.run.recipe?.applied).toEqual(['1:trimAndCase', '2:coerceType', '3:renameColumn']);
    expect(r.run.recipe?.skipped.map((s) => s.step)).toEqual(['4:imputeMissing', '5:dropColumns', '6:removeDuplicates']);
    expect(r.run.recipe?.skipped[0]!.reason).toMatch(/'temp'/);
    expect(r.run.recipe?.skipped[1]!.reason).toBe('not run: step 4:imputeMissing failed');
    expect(await rows(env, ds, 'id, town, price')).toEqual([{ id: 1, town: 'X', price: 1 }]);
  });

  it('after a revert, new rows go through the steps that made the restored rows, and no others', async () => {
    const ds = await cleaned();
    // Version 3 is the rows after trimAndCase and coerceType.
    await env.cleaning.revert(ds, 3);
    const r = await ingest.ingest({ name: ds, append: true, input: csv('id,City,price,day,temp\n9, reno ,$4,2024-01-09,\n') });
    expect(r.run.recipe).toEqual({ shape: 'input', applied: ['1:trimAndCase', '2:coerceType'], skipped: [] });
    expect((await rows(env, ds, 'id, city, price, temp')).at(-1)).toEqual({ id: 9, city: 'Reno', price: 4, temp: null });
    // Back to the raw load: batches join as they come.
    await env.cleaning.revert(ds, 1);
    const raw = await ingest.ingest({ name: ds, append: true, input: csv('id,City,price,day,temp\n10, ely ,$5,2024-01-10,\n') });
    expect(raw.run.recipe).toBeNull();
    expect((await rows(env, ds, 'id, city, price, temp')).at(-1)).toEqual({ id: 10, city: ' ely ', price: '$5', temp: null });
    // Rerunning the recipe puts every step back in effect.
    await env.cleaning.applyRecipe(ds);
    const again = await ingest.ingest({ name: ds, append: true, input: csv('id,City,price,day,temp\n11, ely ,$6,2024-01-11,\n') });
    expect(again.run.recipe?.applied.length).toBe(6);
  });
});
