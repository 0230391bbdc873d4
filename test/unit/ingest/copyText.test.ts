import { describe, expect, it } from 'vitest';
import { copyEscape } from '../../../src/ingest/copyText.js';

/** COPY text-format field decoding as the Postgres docs describe it, written independently. */
function copyUnescape(field: string): string | null {
  if (field === '\\N') return null;
  const map: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
  return field.replace(/\\(.)/g, (_m, c: string) => map[c] ?? c);
}

describe('copyEscape', () => {
  it.each<[string | null, string]>([
    [null, '\\N'],
    ['', ''],
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['line1\nline2', 'line1\\nline2'],
    ['cr\r\nlf', 'cr\\r\\nlf'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    ['é 東京 "quotes" , ;', 'é 東京 "quotes" , ;'],
  ])('%j → %j', (v, expected) => {
    expect(copyEscape(v)).toBe(expected);
  });

  it('never emits a raw tab, newline or CR, and round-trips through COPY decoding', () => {
    const alphabet = ['a', '\\', '\t', '\n', '\r', 'N', ' ', 'é', '"'];
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      let s = '';
      const len = k % 12;
      for (let i = 0; i < len; i++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += alphabet[seed % alphabet.length];
      }
      const e = copyEscape(s);
      expect(e).not.toMatch(/[\t\n\r]/);
      expect(copyUnescape(e)).toBe(s);
    }
  });
});
