import { describe, expect, it } from 'vitest';
import { parseBooleanLoose, parseNumberLoose } from '../../../src/cleaning/coerce.js';

const num = (s: unknown, rules = {}): number | string => {
  const r = parseNumberLoose(s, rules);
  return r.ok ? r.value : `FAIL:${r.kind}`;
};

describe('parseNumberLoose', () => {
  it.each([
    ['1,234', 1234],
    ['1,234.5', 1234.5],
    ['1,234,567.89', 1234567.89],
    ['$5.00', 5],
    ['-$1,234.56', -1234.56],
    ['$-5', -5],
    ['USD 1,000', 1000],
    ['1 000 €', 1000],
    ['12%', 12],
    ['12.5 %', 12.5],
    ['3 kg', 3],
    ['3kg', 3],
    ['72°F', 72],
    ['(1,200)', -1200],
    ['(1,200.50)', -1200.5],
    ['1.234,5', 1234.5],
    ['1.234.567', 1234567],
    ['1 234,5', 1234.5],
    ["1'234.5", 1234.5],
    ['1,5', 1.5],
    ['  42  ', 42],
    ['+7', 7],
    ['−3.5', -3.5],
    ['.5', 0.5],
    ['1e5', 100000],
    ['1.5E-3', 0.0015],
    ['１２３', 123],
    ['1\u00a0234', 1234],
  ])('%s → %d', (s, v) => {
    expect(num(s)).toBeCloseTo(v, 10);
  });

  it('numbers pass through; non-finite and garbage fail with a reason', () => {
    expect(num(3.25)).toBe(3.25);
    expect(num(Number.NaN)).toBe('FAIL:malformed');
    for (const bad of ['abc', '12-34', '1,23,4', '1.2.3,4,5', '--5', '$', '%', '1,2345,6', 'Infinity']) expect(num(bad)).toBe('FAIL:malformed');
    expect(num('')).toBe('FAIL:empty');
    expect(num('   ')).toBe('FAIL:empty');
    expect(num('N/A')).toBe('FAIL:null');
    expect(num(null)).toBe('FAIL:empty');
    const r = parseNumberLoose('1,2345,6');
    expect(r.ok === false && r.reason).toMatch(/1,2345,6/);
  });

  it('percent mode, decimal mark and magnitude options', () => {
    expect(num('12%', { percent: 'fraction' })).toBeCloseTo(0.12, 12);
    expect(num('1,234', { decimal: ',' })).toBeCloseTo(1.234, 12);
    expect(num('1.234', { decimal: ',' })).toBe(1234);
    expect(num('1.234')).toBeCloseTo(1.234, 12);
    expect(num('1,234.5', { decimal: ',' })).toBe('FAIL:malformed');
    expect(num('1.2M')).toBe('FAIL:malformed');
    expect(num('1.2M', { magnitudes: true })).toBeCloseTo(1.2e6, 6);
    expect(num('3 kg', { units: false })).toBe('FAIL:malformed');
  });

  it('notes say what was recovered', () => {
    const r = parseNumberLoose('$1,234.50');
    expect(r.ok && r.notes).toEqual(expect.arrayContaining(['text', 'currency', 'thousands']));
  });
});

describe('parseBooleanLoose', () => {
  it('reads common spellings and rejects others', () => {
    for (const t of ['true', 'TRUE', 'Yes', 'y', '1', 'on', 't']) expect(parseBooleanLoose(t)).toMatchObject({ ok: true, value: true });
    for (const f of ['false', 'No', 'N', '0', 'off', 'F']) expect(parseBooleanLoose(f)).toMatchObject({ ok: true, value: false });
    expect(parseBooleanLoose(true)).toMatchObject({ ok: true, value: true });
    expect(parseBooleanLoose(0)).toMatchObject({ ok: true, value: false });
    expect(parseBooleanLoose('maybe')).toMatchObject({ ok: false, kind: 'malformed' });
    expect(parseBooleanLoose('n/a')).toMatchObject({ ok: false, kind: 'null' });
  });
});
