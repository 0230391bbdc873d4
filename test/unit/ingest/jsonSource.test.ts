import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSource } from '../../../src/ingest/parse.js';
import { isAppError } from '../../../src/shared/errors.js';
import { collect, parseText, VEGA } from './support.js';

describe('json array source', () => {
  it('streams the elements of a top-level array; nested values become JSON text; missing keys null', async () => {
    const text = '[{"a":1,"b":"x","n":{"k":[1,2]}},\n {"a":2.5,"b":null}, {"b":"z\\"q]}","a":-3}]';
    const r = await parseText(text);
    expect(r.src.format).toBe('json');
    expect(r.src.labels).toEqual(['a', 'b', 'n']);
    expect(r.records.map((x) => x.values)).toEqual([
      [1, 'x', '{"k":[1,2]}'],
      [2.5, null, null],
      [-3, 'z"q]}', null],
    ]);
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 3]);
  });

  it('matches JSON.parse of the whole text under any chunking (1-byte chunks, escapes, UTF-8)', async () => {
    const data = [
      { s: 'é 東京 \\ "quoted" \n newline', n: 1e-7, t: true, u: '\u2028' },
      { s: '}{][,:', n: -0.5, t: false, u: null },
      { s: '\\', n: 12345678901234, t: null, u: 'x' },
    ];
    const text = JSON.stringify(data, null, 2);
    for (const chunk of [1, 2, 3, 7, 1 << 16]) {
      const r = await parseText(text, { chunk });
      expect(r.records.map((x) => x.values), `chunk ${chunk}`).toEqual(data.map((d) => [d.s, d.n, d.t, d.u]));
    }
  });

  it('a non-object element and a malformed element are BadRecords; the rest loads', async () => {
    const r = await parseText('[{"a":1}, 42, "str", {"a": 2,}, [1,2], {"a":3}]');
    expect(r.records.map((x) => x.values)).toEqual([[1], [3]]);
    expect(r.bad.map((b) => [b.line, b.reason.replace(/:.*/, '')])).toEqual([
      [2, 'element is a number, not an object'],
      [3, 'element is a string, not an object'],
      [4, 'malformed JSON'],
      [5, 'element is an array, not an object'],
    ]);
  });

  it('keys first seen after the first 1,000 objects are rejected, null ones ignored', async () => {
    const objs = Array.from({ length: 1000 }, (_, i) => ({ id: i }));
    const text = JSON.stringify([...objs, { id: 1000, late: null }, { id: 1001, late: 'x' }]);
    const r = await parseText(text);
    expect(r.src.labels).toEqual(['id']);
    expect(r.records).toHaveLength(1001);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]!.line).toBe(1002);
    expect(r.bad[0]!.reason).toMatch(/unexpected field 'late'/);
  });

  it('a file cut off mid-element yields a BadRecord for it', async () => {
    const r = await parseText('[{"a":1},{"a":2},{"a":');
    expect(r.records.map((x) => x.values)).toEqual([[1], [2]]);
    expect(r.bad.map((b) => b.line)).toEqual([3]);
    expect(r.bad[0]!.reason).toMatch(/end of file.*cut off/);
  });

  it('a single pretty-printed object or concatenated objects are records too', async () => {
    expect((await parseText('{\n  "a": 1,\n  "b": 2\n}\n')).records.map((x) => x.values)).toEqual([[1, 2]]);
    expect((await parseText('{"a":1}{"a":2}', { format: 'json' })).records.map((x) => x.values)).toEqual([[1], [2]]);
  });

  it('an empty array gives no labels and no records; non-JSON is refused', async () => {
    const r = await parseText('[]');
    expect(r.src.labels).toEqual([]);
    expect(r.records).toEqual([]);
    await expect(parseText('hello', { format: 'json' })).rejects.toSatisfy((e) => isAppError(e, 'BAD_INPUT'));
  });

  it('content after the closing bracket is reported once', async () => {
    const r = await parseText('[{"a":1}] trailing junk');
    expect(r.records).toHaveLength(1);
    expect(r.bad).toHaveLength(1);
    expect(r.bad[0]!.reason).toMatch(/after the closing/);
  });
});

describe('ndjson source', () => {
  it('reads one object per line, skips blank lines, numbers lines, handles CRLF', async () => {
    const r = await parseText('{"a":1,"b":"x"}\r\n\r\n{"a":2}\r\nnot json\r\n[1]\r\n{"a":3,"b":{"c":true}}', { fileName: 'x.ndjson' });
    expect(r.src.format).toBe('ndjson');
    expect(r.src.labels).toEqual(['a', 'b']);
    expect(r.records.map((x) => [x.line, x.values])).toEqual([
      [1, [1, 'x']],
      [3, [2, null]],
      [6, [3, '{"c":true}']],
    ]);
    expect(r.bad.map((b) => [b.line, b.reason.replace(/:.*/, '')])).toEqual([
      [4, 'malformed JSON'],
      [5, 'line is an array, not an object'],
    ]);
  });

  it('is sniffed without a file name', async () => {
    expect((await parseText('{"a":1}\n{"a":2}\n')).src.format).toBe('ndjson');
  });

  it('a 5 MB line loads; its raw text is capped', async () => {
    const big = 'y'.repeat(5 * 1024 * 1024);
    const r = await parseText(`{"id":1,"blob":"${big}"}\n{"id":2,"blob":"short","extra":1}\n`);
    // "extra" is among the first 1,000 objects' keys, so it is a label, not a rejection.
    expect(r.src.labels).toEqual(['id', 'blob', 'extra']);
    expect(r.records.map((x) => x.values[0])).toEqual([1, 2]);
    expect((r.records[0]!.values[1] as string).length).toBe(big.length);
    expect(r.records[0]!.raw.length).toBe(2000);
    expect(r.records[1]!.values).toEqual([2, 'short', 1]);
  });
});

describe('json real files', () => {
  it('unemployment-across-industries.json (one line) matches JSON.parse of the file', async () => {
    const path = join(VEGA, 'unemployment-across-industries.json');
    const expected = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    const r = await collect(await openSource({ stream: createReadStream(path, { highWaterMark: 4096 }), fileName: path }));
    expect(r.src.labels).toEqual(['series', 'year', 'month', 'count', 'rate', 'date']);
    expect(r.records).toHaveLength(expected.length);
    expect(r.records.map((x) => x.values)).toEqual(expected.map((o) => r.src.labels.map((k) => o[k] ?? null)));
  });

  it('movies.json keeps nulls and mixed value types as they are', async () => {
    const path = join(VEGA, 'movies.json');
    const expected = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>[];
    const r = await collect(await openSource({ stream: createReadStream(path) }));
    expect(r.records).toHaveLength(expected.length);
    expect(r.bad).toEqual([]);
    const title = r.src.labels.indexOf('Title');
    const types = new Set(r.records.map((x) => (x.values[title] === null ? 'null' : typeof x.values[title])));
    expect(types).toEqual(new Set(expected.map((o) => (o.Title === null ? 'null' : typeof o.Title))));
    expect(types.size).toBeGreaterThan(1); // strings and numbers (and nulls) in one column
  });
});
