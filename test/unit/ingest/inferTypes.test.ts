import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openParquet, openSource } from '../../../src/ingest/parse.js';
import { inferColumn, inferColumnType, isNullish, makeConverter } from '../../../src/ingest/inferTypes.js';
import type { SqlType } from '../../../src/shared/catalog.js';
import { collect, VEGA } from './support.js';

describe('inferColumnType', () => {
  it.each<[string, unknown[], SqlType]>([
    ['plain integers', ['1', '2', '-3', '+4'], 'integer'],
    ['integers with disguised nulls', ['1', '', 'NA', 'N/A', 'null', '-', ' 7 ', null, undefined], 'integer'],
    ['all nulls', [null, '', 'NA'], 'text'],
    ['no values', [], 'text'],
    ['floats', ['1.5', '2', '-0.25', '1e3'], 'double'],
    ['JS numbers', [1, 2.5, null], 'double'],
    ['JS integers', [1, 2, 3], 'integer'],
    ['near int4 limit → bigint', ['2147483647', '1'], 'bigint'],
    ['beyond int8 → numeric', ['99999999999999999999'], 'numeric'],
    ['int8 max → bigint', ['9223372036854775807'], 'bigint'],
    ['BigInt values', [10n, 20n], 'integer'],
    ['> 15 significant digits → numeric', ['1.5', '3.14159265358979323846'], 'numeric'],
    ['15 significant digits → double', ['0.123456789012345'], 'double'],
    ['consistent thousands separators', ['1,234,567', '12', '999', '2,000'], 'integer'],
    ['decimals with thousands separators', ['1,234.5', '7.25'], 'double'],
    ['mixed thousands forms', ['1,234', '5678'], 'text'],
    ['leading zeros (zip codes)', ['98101', '00501', '10001'], 'text'],
    ['one "007" in integers', ['1', '2', '007'], 'text'],
    ['booleans true/false', ['true', 'False', 'TRUE'], 'boolean'],
    ['booleans yes/no and t/f', ['yes', 'no', 't', 'F', ''], 'boolean'],
    ['0/1 are integers', ['0', '1', '1'], 'integer'],
    ['JS booleans', [true, false, null], 'boolean'],
    ['ISO dates', ['2000-01-01', '2000-12-31'], 'date'],
    ['dates and timestamps', ['2000-01-01', '2000-01-01T08:00:00Z'], 'timestamp'],
    ['mixed date formats', ['2000-01-01', 'Jan 2 2000', 'January 3, 2000', '4 Jan 2000', '01/05/2000', '2000/01/06'], 'date'],
    ['epoch numbers are not dates (and near 2^31: bigint)', ['946684800', '946771200'], 'bigint'],
    ['dates and numbers', ['2000-01-01', '5'], 'text'],
    ['day-first and month-first evidence together', ['31/01/2000', '01/31/2000'], 'text'],
    ['Date objects at midnight', [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2000, 0, 2))], 'date'],
    ['Date objects with times', [new Date(Date.UTC(2000, 0, 1, 5))], 'timestamp'],
    ['one word among numbers', ['1', '2', 'abc'], 'text'],
    ['objects', [{ a: 1 }], 'text'],
  ])('%s', (_name, samples, type) => {
    expect(inferColumnType(samples)).toBe(type);
  });

  it('reads the a/b/yyyy order from the sample', () => {
    expect(inferColumn(['01/02/2000', '13/02/2000'])).toEqual({ type: 'date', slashOrder: 'dmy' });
    expect(inferColumn(['01/02/2000', '02/13/2000'])).toEqual({ type: 'date', slashOrder: 'mdy' });
    expect(inferColumn(['01/02/2000', '02/03/2000'])).toEqual({ type: 'date', slashOrder: 'mdy' });
  });

  it('knows the disguised nulls', () => {
    expect(['', ' ', 'NA', 'n/a', 'NULL', '-', 'None', '#N/A', NaN, null, undefined].every(isNullish)).toBe(true);
    expect(['0', 'x', 'nah', 0, false].some(isNullish)).toBe(false);
  });
});

describe('makeConverter', () => {
  const conv = (t: SqlType, v: unknown, o?: { slashOrder?: 'mdy' | 'dmy' }) => makeConverter(t, o)(v);
  const ok = (value: string | null) => ({ ok: true, value });

  it.each<[SqlType, unknown, string | null]>([
    ['integer', '42', '42'],
    ['integer', ' -007 ', '-7'],
    ['integer', '1,234,567', '1234567'],
    ['integer', '3.0', '3'],
    ['integer', 12, '12'],
    ['integer', 'NA', null],
    ['integer', '', null],
    ['bigint', '9223372036854775807', '9223372036854775807'],
    ['bigint', '-9223372036854775808', '-9223372036854775808'],
    ['double', '1.50', '1.50'],
    ['double', '.5', '0.5'],
    ['double', '+2', '2'],
    ['double', '1,234.5', '1234.5'],
    ['double', 1e-7, '1e-7'],
    ['double', 'NaN', null],
    ['numeric', '3.14159265358979323846', '3.14159265358979323846'],
    ['boolean', 'Yes', 't'],
    ['boolean', 'f', 'f'],
    ['boolean', true, 't'],
    ['boolean', '0', 'f'],
    ['date', 'Jan 1 2000', '2000-01-01'],
    ['date', '2015/01/31', '2015-01-31'],
    ['date', '2000-01-01T00:00:00Z', '2000-01-01'],
    ['date', new Date(Date.UTC(2001, 0, 1)), '2001-01-01'],
    ['timestamp', '2015/01/01 01:00:00', '2015-01-01T01:00:00.000Z'],
    ['timestamp', '2000-01-01T08:00:00+02:00', '2000-01-01T06:00:00.000Z'],
    ['timestamp', '2000-01-01', '2000-01-01T00:00:00.000Z'],
    ['timestamp', new Date(Date.UTC(2001, 0, 1, 0, 3)), '2001-01-01T00:03:00.000Z'],
    ['text', 'NA', 'NA'],
    ['text', '', null],
    ['text', 12.5, '12.5'],
    ['text', false, 'false'],
    ['text', 'tab\there', 'tab\there'],
  ])('%s %j → %j', (type, v, expected) => {
    expect(conv(type, v)).toEqual(ok(expected));
  });

  it('accepts BigInt values', () => {
    expect(conv('integer', 12n)).toEqual(ok('12'));
    expect(conv('bigint', -(2n ** 63n))).toEqual(ok('-9223372036854775808'));
    expect(conv('integer', 2n ** 31n).ok).toBe(false);
  });

  it('dates follow the given a/b/yyyy order', () => {
    expect(conv('date', '02/03/2000')).toEqual(ok('2000-02-03'));
    expect(conv('date', '02/03/2000', { slashOrder: 'dmy' })).toEqual(ok('2000-03-02'));
    expect(conv('date', '31/01/2000')).toEqual(ok('2000-01-31'));
  });

  it.each<[SqlType, unknown, RegExp]>([
    ['integer', 'abc', /^'abc' is not an integer$/],
    ['integer', '1.5', /is not an integer/],
    ['integer', '2147483648', /out of range for integer/],
    ['integer', 3e9, /out of range for integer/],
    ['bigint', '9223372036854775808', /out of range for bigint/],
    ['bigint', 'x', /^'x' is not a bigint$/],
    ['double', '1,23', /is not a number/],
    ['double', '1e999', /out of range for double/],
    ['boolean', 'maybe', /is not a boolean/],
    ['date', '2000-02-30', /is not a date/],
    ['date', '2000-01-01 10:00', /has a time of day/],
    ['date', 946684800, /is a number, not a date/],
    ['timestamp', 'soon', /is not a timestamp/],
    ['text', 'a\u0000b', /NUL character/],
  ])('%s rejects %j with a reason', (type, v, reason) => {
    const r = conv(type, v);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  it('cuts long bad values in reasons', () => {
    const r = conv('integer', 'z'.repeat(5000));
    expect(!r.ok && r.reason.length).toBeLessThan(100);
  });
});

/** Infers every column of a source from its first 1,000 good rows, then converts every row. */
async function inferAndConvert(src: Awaited<ReturnType<typeof openSource>>) {
  const { records, bad } = await collect(src);
  const sample = records.slice(0, 1000).map((r) => r.values);
  const inf = src.labels.map((_, i) => inferColumn(sample.map((v) => v[i])));
  const convs = inf.map((x) => makeConverter(x.type, x));
  const rejects: string[] = [];
  const out = records.map((r) =>
    convs.map((c, i) => {
      const x = c(r.values[i]);
      if (!x.ok) rejects.push(`line ${r.line}: ${x.reason}`);
      return x.ok ? x.value : null;
    }),
  );
  return { types: inf.map((x) => x.type), rejects, out, bad, labels: src.labels };
}

describe('inference on real files', () => {
  it('seattle-weather.csv: date,double,double,double,double,text and every row converts', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'seattle-weather.csv')) }));
    expect(r.types).toEqual(['date', 'double', 'double', 'double', 'double', 'text']);
    expect(r.rejects).toEqual([]);
    expect(r.out[0]).toEqual(['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);
    expect(r.out.at(-1)![0]).toBe('2015-12-31');
  });

  it('stocks.csv: "Jan 1 2000" dates', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'stocks.csv')) }));
    expect(r.types).toEqual(['text', 'date', 'double']);
    expect(r.rejects).toEqual([]);
    expect(r.out[0]).toEqual(['MSFT', '2000-01-01', '39.81']);
  });

  it('github.csv: "2015/01/01 01:00:00" timestamps and integer counts', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'github.csv')) }));
    expect(r.types).toEqual(['timestamp', 'integer']);
    expect(r.rejects).toEqual([]);
    expect(r.out[0]).toEqual(['2015-01-01T01:00:00.000Z', '2']);
  });

  it('zipcodes.csv: zip codes with leading zeros stay text', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'zipcodes.csv')) }));
    expect(r.types).toEqual(['text', 'double', 'double', 'text', 'text', 'text']);
    expect(r.out[0]![0]).toBe('00501');
  });

  it('unemployment-across-industries.json: ISO timestamps, integers, doubles', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'unemployment-across-industries.json')) }));
    expect(r.types).toEqual(['text', 'integer', 'integer', 'integer', 'double', 'timestamp']);
    expect(r.rejects).toEqual([]);
    expect(r.out[0]).toEqual(['Government', '2000', '1', '430', '2.1', '2000-01-01T08:00:00.000Z']);
  });

  it('movies.json: nulls and mixed types; money columns get bigint headroom', async () => {
    const r = await inferAndConvert(await openSource({ stream: createReadStream(join(VEGA, 'movies.json')) }));
    const type = (label: string) => r.types[r.labels.indexOf(label)];
    expect(type('Title')).toBe('text'); // strings and numbers mixed
    expect(type('Release Date')).toBe('date');
    expect(type('IMDB Rating')).toBe('double');
    expect(type('Worldwide Gross')).toBe('bigint');
    expect(r.rejects).toEqual([]);
  });

  it('flights-3m.parquet slice: timestamp, integers, text', async () => {
    const r = await inferAndConvert(await openParquet(join(VEGA, 'flights-3m.parquet'), { rowStart: 0, rowEnd: 2000 }));
    expect(r.types).toEqual(['timestamp', 'integer', 'integer', 'text', 'text']);
    expect(r.rejects).toEqual([]);
    expect(r.out[0]![0]).toMatch(/^2001-01-01T\d\d:\d\d:00\.000Z$/);
  });
});

describe('inference end to end on inline csv', () => {
  it('quoted thousands separators, mixed date formats, disguised nulls, booleans', async () => {
    const text = [
      'when,amount,ok,code,score',
      '2000-01-01,"1,234,567",yes,007,1.5',
      'Jan 2 2000,"2,500",no,012,NA',
      '"January 3, 2000",999,yes,100,',
      '4 Jan 2000,"12,000",N/A,200,-2',
      '01/05/2000,N/A,no,300,3',
    ].join('\r\n');
    const { openSource: open } = await import('../../../src/ingest/parse.js');
    const { chunked } = await import('./support.js');
    const r = await inferAndConvert(await open({ stream: chunked(text) }));
    expect(r.labels).toEqual(['when', 'amount', 'ok', 'code', 'score']);
    expect(r.types).toEqual(['date', 'integer', 'boolean', 'text', 'double']);
    expect(r.rejects).toEqual([]);
    expect(r.out).toEqual([
      ['2000-01-01', '1234567', 't', '007', '1.5'],
      ['2000-01-02', '2500', 'f', '012', null],
      ['2000-01-03', '999', 't', '100', null],
      ['2000-01-04', '12000', null, '200', '-2'],
      ['2000-01-05', null, 'f', '300', '3'],
    ]);
  });
});
