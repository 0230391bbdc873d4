import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../src/ingest/detectFormat.js';
import { AppError } from '../../../src/shared/errors.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('detectFormat', () => {
  it.each([
    ['data.csv', 'csv'],
    ['DATA.TSV', 'tsv'],
    ['x.json', 'json'],
    ['x.jsonl', 'ndjson'],
    ['x.ndjson', 'ndjson'],
    ['/tmp/a.b/flights.parquet', 'parquet'],
  ])('uses the extension of %s', (name, fmt) => {
    expect(detectFormat(name, b('whatever,text\n1,2\n'))).toBe(fmt);
  });

  it.each([
    ['[{"a":1}]', 'json'],
    ['  \n [\n {"a":1}', 'json'],
    ['{"a":1}\n{"a":2}\n', 'ndjson'],
    ['{\n  "a": 1\n}\n', 'json'],
    ['a,b\n1,2\n', 'csv'],
    ['a;b\n1;2\n', 'csv'],
    ['a\tb\n1\t2\n', 'tsv'],
    ['\uFEFFa\tb\n1\t2\n', 'tsv'],
    ['a\tb,c\n1\t2,3\n', 'tsv'],
  ])('sniffs %j as %s', (text, fmt) => {
    expect(detectFormat(null, b(text))).toBe(fmt);
    expect(detectFormat('upload.txt', b(text))).toBe(fmt);
  });

  it('recognises the parquet magic', () => {
    expect(detectFormat(null, Buffer.from('PAR1\x15\x04garbage', 'latin1'))).toBe('parquet');
  });

  it('refuses binary garbage with a clear UNSUPPORTED_FORMAT error, even named .csv', () => {
    const garbage = Buffer.alloc(2048);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) % 256;
    for (const name of [null, 'x.csv']) {
      try {
        detectFormat(name, garbage);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('UNSUPPORTED_FORMAT');
        expect((e as AppError).message).toMatch(/looks binary.*NUL bytes/);
      }
    }
  });

  it.each([
    [[0x1f, 0x8b, 8, 0], /gzip/],
    [[0x50, 0x4b, 3, 4], /zip archive.*xlsx/],
    [[0xff, 0xfe, 0x61, 0], /UTF-16/],
  ])('names known binary containers (%j)', (bytes, msg) => {
    expect(() => detectFormat(null, Buffer.from([...bytes, ...Buffer.from('a,b\n1,2\n')]))).toThrow(msg);
  });

  it('accepts Latin-1 text with a few invalid UTF-8 bytes', () => {
    expect(detectFormat(null, Buffer.from('ville,pays\nMontr\xe9al,Canada\nZ\xfcrich,Suisse\n', 'latin1'))).toBe('csv');
  });
});
