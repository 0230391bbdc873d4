import { describe, expect, it } from 'vitest';
import { daysInMonth, isLeapYear, parseDateLoose } from '../../../src/cleaning/parseDate.js';

const iso = (s: string, rules = {}): string => {
  const r = parseDateLoose(s, rules);
  return r.ok ? r.value.iso : `FAIL:${r.kind}`;
};

describe('parseDateLoose', () => {
  it.each([
    ['2020-02-29', '2020-02-29'],
    ['2020/3/7', '2020-03-07'],
    ['20200307', '2020-03-07'],
    ['3/14/2015', '2015-03-14'],
    ['14/3/2015', '2015-03-14'],
    ['14.03.2015', '2015-03-14'],
    ['Jun 12 1998', '1998-06-12'],
    ['June 12th, 1998', '1998-06-12'],
    ['12 Jun 1998', '1998-06-12'],
    ['12-JUN-98', '1998-06-12'],
    ['1-Jan-05', '2005-01-01'],
    ['Mon, Jan 1 2001', '2001-01-01'],
    ['Sept. 9, 2019', '2019-09-09'],
    ['2014-01-01T10:30:00Z', '2014-01-01T10:30:00'],
    ['2014-01-01 10:30', '2014-01-01T10:30:00'],
    ['1/2/2003 3:04:05 PM', '2003-01-02T15:04:05'],
    ['2014-01-01T00:00:00.250+02:00', '2014-01-01T00:00:00.250'],
  ])('%s → %s', (s, want) => {
    expect(iso(s)).toBe(want);
  });

  it('day/month order: explicit rule, or the evidence of a part above 12', () => {
    expect(iso('01/02/2003')).toBe('2003-01-02');
    expect(iso('01/02/2003', { order: 'dmy' })).toBe('2003-02-01');
    expect(iso('13/02/2003', { order: 'mdy' })).toBe('FAIL:impossible');
    expect(iso('5/6/49')).toBe('2049-05-06');
    expect(iso('5/6/50')).toBe('1950-05-06');
  });

  it('impossible calendar dates are told apart from text that is not a date', () => {
    expect(iso('2021-02-29')).toBe('FAIL:impossible');
    expect(iso('Feb 30 2020')).toBe('FAIL:impossible');
    expect(iso('2020-13-01')).toBe('FAIL:impossible');
    expect(iso('2020-04-31')).toBe('FAIL:impossible');
    expect(iso('2020-01-01 25:00')).toBe('FAIL:impossible');
    const r = parseDateLoose('Feb 30 2020');
    expect(r.ok === false && r.reason).toBe('February 30 does not exist in 2020');
    expect(iso('hello')).toBe('FAIL:malformed');
    expect(iso('12345')).toBe('FAIL:malformed');
    expect(iso('N/A')).toBe('FAIL:null');
  });

  it('offsets are kept, Date objects pass', () => {
    const r = parseDateLoose('2014-01-01T10:30:00-05:30');
    expect(r.ok && r.value.offsetMinutes).toBe(-330);
    expect(iso(new Date(Date.UTC(2001, 8, 11, 12, 0, 0)) as unknown as string)).toBe('2001-09-11T12:00:00');
  });

  it('leap years follow the Gregorian rule', () => {
    expect([1900, 2000, 2004, 2100].map(isLeapYear)).toEqual([false, true, true, false]);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
  });
});
