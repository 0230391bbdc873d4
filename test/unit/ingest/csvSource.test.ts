import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../../src/ingest/parse.js';
import { isAppError } from '../../../src/shared/errors.js';
import { collect, parseText, VEGA } from './support.js';

describe('csv source: inline inputs', () => {
  it('reads a header and typed rows, values as strings aligned with the labels', async () => {
    const r = await parseText('a,b,c\n1,x,2020-01-01\n2,y,2020-01-02\n');
    expect(r.src.format).toBe('csv');
    expect(r.src.labels).toEqual(['a', 'b', 'c']);
    expect(r.records.map((x) => x.values)).toEqual([
      ['1', 'x', '2020-01-01'],
      ['2', 'y', '2020-01-02'],
    ]);
    expect(r.records.map((x) => x.line)).toEqual([2, 3]);
    expect(r.bad).toEqual([]);
  });

  it.each([
    [';', 'a;b\n1,5;2\n3,5;4\n', ['1,5', '2']],
    ['\t', 'a\tb\n1\t2\n3\t4\n', ['1', '2']],
    ['|', 'a|b\n1|2\n3|4\n', ['1', '2']],
    [',', 'a,b\n"1;2",3\n"4;5",6\n', ['1;2', '3']],
  ])('detects the %j delimiter', async (_d, text, firstRow) => {
    const r = await parseText(text);
    expect(r.src.labels).toEqual(['a', 'b']);
    expect(r.records[0]!.values).toEqual(firstRow);
    expect(r.records).toHaveLength(2);
  });

  it('generates column_N labels when the first row is data', async () => {
    const r = await parseText('1,2.5,2020-01-01\n2,3.5,2020-01-02\n');
    expect(r.src.labels).toEqual(['column_1', 'column_2', 'column_3']);
    expect(r.records).toHaveLength(2);
    expect(r.records[0]!.line).toBe(1);
  });

  it('handles quotes, doubled quotes, embedded delimiters and newlines, and reports start lines', async () => {
    const r = await parseText('id,note\n1,"he said ""hi"", then left"\n2,"two\nlines"\n3,plain\n');
    expect(r.records.map((x) => x.values)).toEqual([
      ['1', 'he said "hi", then left'],
      ['2', 'two\nlines'],
      ['3', 'plain'],
    ]);
    expect(r.records.map((x) => x.line)).toEqual([2, 3, 5]);
  });

  it('strips a BOM and handles CRLF line ends', async () => {
    const r = await parseText('\uFEFFdate,value\r\n2020-01-01,1\r\n2020-01-02,2\r\n');
    expect(r.src.labels).toEqual(['date', 'value']);
    expect(r.records.map((x) => x.values)).toEqual([
      ['2020-01-01', '1'],
      ['2020-01-02', '2'],
    ]);
  });

  it('turns wrong field counts into BadRecords with their line, and keeps going', async () => {
    const r = await parseText('a,b\n1,2\n3\n4,5,6\n7,8\n\n9,10,\n');
    expect(r.records.map((x) => x.values)).toEqual([
      ['1', '2'],
      ['7', '8'],
      ['9', '10'], // one trailing empty field is forgiven
    ]);
    expect(r.bad.map((b) => [b.line, b.reason])).toEqual([
      [3, 'expected 2 fields, found 1'],
      [4, 'expected 2 fields, found 3'],
    ]);
    expect(r.bad[1]!.raw).toBe('4,5,6');
    expect(r.records.map((x) => x.line)).toEqual([2, 5, 7]);
  });

  it('a file cut off inside a quoted field yields a BadRecord for the last row, not a crash', async () => {
    const r = await parseText('a,b\n1,"ok"\n2,"cut off here');
    expect(r.records.map((x) => x.values)).toEqual([['1', 'ok']]);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]!.line).toBe(3);
    expect(r.bad[0]!.reason).toMatch(/unterminated quoted field.*cut off/);
    expect(r.bad[0]!.raw).toContain('cut off here');
  });

  it('header only gives labels and zero records', async () => {
    const r = await parseText('date,price,symbol\n');
    expect(r.src.labels).toEqual(['date', 'price', 'symbol']);
    expect(r.records).toEqual([]);
  });

  it('duplicate and empty labels survive as labels (identifiers dedupe them later)', async () => {
    const r = await parseText('name,,name\nx,1,2\ny,3,4\n');
    expect(r.src.labels).toEqual(['name', 'column_2', 'name']);
    expect(r.records).toHaveLength(2);
  });

  it('skips rows made only of delimiters', async () => {
    const r = await parseText('a,b\n1,2\n,\n3,4\n');
    expect(r.records.map((x) => x.values)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('gives the same records whatever the chunking (1-byte chunks, multi-byte UTF-8)', async () => {
    const text = 'ville,température\nZürich,"1,5"\n東京,"a ""q"" b"\r\nSão Paulo,3\n';
    const whole = await parseText(text);
    const bytewise = await parseText(text, { chunk: 1 });
    expect(bytewise.src.labels).toEqual(['ville', 'température']);
    expect(bytewise.records.map((r) => [r.line, r.values])).toEqual(whole.records.map((r) => [r.line, r.values]));
    expect(whole.records.map((r) => r.values[0])).toEqual(['Zürich', '東京', 'São Paulo']);
  });

  it('reads a single 5 MB field and caps the raw text of a rejected 5 MB row', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    const r = await parseText(`id,blob\n1,${big}\n2,${big},extra\n`);
    expect(r.records).toHaveLength(1);
    expect((r.records[0]!.values[1] as string).length).toBe(big.length);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]!.raw.length).toBeLessThanOrEqual(2000);
  });

  it('reads 2,000 columns', async () => {
    const labels = Array.from({ length: 2000 }, (_, i) => `col${i}`);
    const row = Array.from({ length: 2000 }, (_, i) => String(i));
    const r = await parseText(`${labels.join(',')}\n${row.join(',')}\n${row.join(',')}\n`);
    expect(r.src.labels).toEqual(labels);
    expect(r.records).toHaveLength(2);
    expect(r.records[1]!.values[1999]).toBe('1999');
  });

  it('honours an explicit tsv format even when commas abound', async () => {
    const r = await parseText('a\tb\n1,2\t3,4\n', { format: 'tsv' });
    expect(r.src.labels).toEqual(['a', 'b']);
    expect(r.records[0]!.values).toEqual(['1,2', '3,4']);
  });

  it('raw text of a good record re-quotes fields so it reads back as the same row', async () => {
    const r = await parseText('a,b\n"x,y","say ""hi"""\n');
    expect(r.records[0]!.raw).toBe('"x,y","say ""hi"""');
  });
});

describe('csv source: real files', () => {
  it('seattle-weather.csv: 1461 rows with the known header', async () => {
    const r = await collect(await openSource({ stream: createReadStream(join(VEGA, 'seattle-weather.csv')), fileName: 'seattle-weather.csv' }));
    expect(r.src.labels).toEqual(['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather']);
    expect(r.records).toHaveLength(1461);
    expect(r.bad).toEqual([]);
    expect(r.records[0]!.values).toEqual(['2012-01-01', '0.0', '12.8', '5.0', '4.7', 'drizzle']);
    expect(r.records[1460]!.line).toBe(1462);
    expect(r.src.bytesRead()).toBe(readFileSync(join(VEGA, 'seattle-weather.csv')).length);
  });

  it('stocks.csv and github.csv match a line count of the file', async () => {
    for (const f of ['stocks.csv', 'github.csv']) {
      const text = readFileSync(join(VEGA, f), 'utf8');
      const dataLines = text.split('\n').filter((l) => l.trim() !== '').length - 1;
      const r = await collect(await openSource({ stream: createReadStream(join(VEGA, f)) }));
      expect(r.records.length, f).toBe(dataLines);
      expect(r.bad, f).toEqual([]);
    }
  });

  it('unemployment.tsv is sniffed as tsv without a file name', async () => {
    const r = await collect(await openSource({ stream: createReadStream(join(VEGA, 'unemployment.tsv')) }));
    expect(r.src.format).toBe('tsv');
    expect(r.src.labels).toEqual(['id', 'rate']);
    expect(r.records[0]!.values).toEqual(['1001', '.097']);
  });

  it('a csv that is really binary garbage is refused', async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919) % 256;
    await expect(parseText(garbage, { fileName: 'data.csv' })).rejects.toSatisfy((e) => isAppError(e, 'UNSUPPORTED_FORMAT'));
  });
});

describe('csv source: trailing delimiters', () => {
  it('drops an empty trailing header field when the rows do not have it', async () => {
    const r = await parseText('a,b,\n1,2\n3,4\n');
    expect(r.src.labels).toEqual(['a', 'b']);
    expect(r.records).toHaveLength(2);
  });

  it('keeps it when the rows have it too', async () => {
    const r = await parseText('a,b,\n1,2,\n3,4,x\n');
    expect(r.src.labels).toEqual(['a', 'b', 'column_3']);
    expect(r.records.map((x) => x.values)).toEqual([
      ['1', '2', ''],
      ['3', '4', 'x'],
    ]);
  });
});
