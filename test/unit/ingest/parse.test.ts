import { describe, expect, it } from 'vitest';
import { openSource } from '../../../src/ingest/parse.js';
import { AppError, isAppError } from '../../../src/shared/errors.js';
import { chunked, parseText } from './support.js';

describe('openSource', () => {
  it.each([[''], ['\uFEFF'], ['  \n\r\n ']])('refuses an empty file (%j) with BAD_INPUT "file is empty"', async (text) => {
    const e = await openSource({ stream: chunked(text) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('BAD_INPUT');
    expect((e as AppError).message).toBe('file is empty');
  });

  it('refuses binary garbage with UNSUPPORTED_FORMAT', async () => {
    const garbage = Buffer.alloc(10_000, 0);
    garbage.write('a,b\n');
    await expect(openSource({ stream: chunked(garbage) })).rejects.toSatisfy((e) => isAppError(e, 'UNSUPPORTED_FORMAT'));
  });

  it('refuses a non-parquet stream declared as parquet', async () => {
    await expect(openSource({ stream: chunked('a,b\n1,2\n'), format: 'parquet' })).rejects.toSatisfy((e) => isAppError(e, 'UNSUPPORTED_FORMAT'));
  });

  it('accepts a Node Readable, string chunks and Uint8Array chunks', async () => {
    const { Readable } = await import('node:stream');
    const r1 = await parseText('a,b\n1,2\n');
    const src = await openSource({ stream: Readable.from(['a,b\n', new Uint8Array(Buffer.from('1,2\n'))]) });
    const got = [];
    for await (const r of src.records) got.push(r);
    expect(got).toHaveLength(1);
    expect(got[0]!.ok && got[0]!.record.values).toEqual(r1.records[0]!.values);
  });

  it('counts bytes read as it goes', async () => {
    const text = `x,y\n${Array.from({ length: 50_000 }, (_, i) => `${i},${i * 2}`).join('\n')}\n`;
    const src = await openSource({ stream: chunked(text, 4096) });
    const early = src.bytesRead();
    let n = 0;
    for await (const r of src.records) if (r.ok) n++;
    expect(n).toBe(50_000);
    expect(early).toBeLessThan(Buffer.byteLength(text));
    expect(src.bytesRead()).toBe(Buffer.byteLength(text));
  });
});
