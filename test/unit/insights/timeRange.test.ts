import { describe, expect, it } from 'vitest';
import { addMonths, comparisonRanges, formatInstant, parseIsoInstant, resolveTimeRange, shiftToInterval, truncateTo } from '../../../src/insights/timeRange.js';

const d = (s: string): Date => new Date(s);

describe('resolveTimeRange', () => {
  it('last N units are complete units up to and including the anchor’s own', () => {
    expect(resolveTimeRange({ last: { count: 1, unit: 'year' } }, '2015-12-31')).toEqual({ from: '2015-01-01', to: '2016-01-01' });
    expect(resolveTimeRange({ last: { count: 3, unit: 'month' } }, '2015-12-31')).toEqual({ from: '2015-10-01', to: '2016-01-01' });
    expect(resolveTimeRange({ last: { count: 1, unit: 'quarter' } }, '2015-08-15')).toEqual({ from: '2015-07-01', to: '2015-10-01' });
    expect(resolveTimeRange({ last: { count: 12, unit: 'month' } }, '2010-02-01T08:00:00')).toEqual({ from: '2009-03-01', to: '2010-03-01' });
    // 2016-06-15 is a Wednesday; weeks start on Monday as in date_trunc.
    expect(resolveTimeRange({ last: { count: 1, unit: 'week' } }, d('2016-06-15T12:00:00Z'))).toEqual({ from: '2016-06-13', to: '2016-06-20' });
    expect(resolveTimeRange({ last: { count: 2, unit: 'day' } }, '2016-06-15T12:00:00')).toEqual({ from: '2016-06-14', to: '2016-06-16' });
    expect(resolveTimeRange({ last: { count: 3, unit: 'hour' } }, '2016-06-15T12:34:56')).toEqual({ from: '2016-06-15T10:00:00', to: '2016-06-15T13:00:00' });
    expect(resolveTimeRange({ last: { count: 2, unit: 'year' } }, '2016-01-01')).toEqual({ from: '2015-01-01', to: '2017-01-01' });
  });

  it('absolute bounds are normalized to UTC ISO; open ends stay null', () => {
    expect(resolveTimeRange({ from: '2014-01-01T02:00:00+02:00', to: '2014-02-01' }, '2020-01-01')).toEqual({ from: '2014-01-01', to: '2014-02-01' });
    expect(resolveTimeRange({ from: '2014-01-01 06:30' }, '2020-01-01')).toEqual({ from: '2014-01-01T06:30:00', to: null });
    expect(resolveTimeRange({ to: '2014-01-01' }, '2020-01-01')).toEqual({ from: null, to: '2014-01-01' });
  });

  it('refuses empty ranges and impossible dates', () => {
    expect(() => resolveTimeRange({ from: '2014-01-01', to: '2014-01-01' }, '2020-01-01')).toThrow(/empty/);
    expect(() => resolveTimeRange({ from: '2015-01-01', to: '2014-01-01' }, '2020-01-01')).toThrow(/empty/);
    expect(() => parseIsoInstant('2014-02-30')).toThrow(/not a valid calendar date/);
    expect(() => parseIsoInstant('2014-01-01T25:00')).toThrow(/not a valid calendar date/);
    expect(() => parseIsoInstant('yesterday')).toThrow(/not an ISO date/);
  });
});

describe('calendar helpers', () => {
  it('truncates like date_trunc', () => {
    expect(formatInstant(truncateTo(d('2015-03-08T10:00:00Z'), 'week'))).toBe('2015-03-02'); // Sunday → Monday before
    expect(formatInstant(truncateTo(d('2015-03-09T00:00:00Z'), 'week'))).toBe('2015-03-09'); // Monday stays
    expect(formatInstant(truncateTo(d('2015-11-30T10:00:00Z'), 'quarter'))).toBe('2015-10-01');
    expect(formatInstant(truncateTo(d('2015-11-30T10:59:59.999Z'), 'hour'))).toBe('2015-11-30T10:00:00');
  });

  it('adds months clamped to the month end, as Postgres intervals do', () => {
    expect(formatInstant(addMonths(d('2016-01-31T00:00:00Z'), 1))).toBe('2016-02-29');
    expect(formatInstant(addMonths(d('2016-02-29T00:00:00Z'), -12))).toBe('2015-02-28');
    expect(formatInstant(addMonths(d('2015-12-15T06:00:00Z'), 2))).toBe('2016-02-15T06:00:00');
  });
});

describe('comparisonRanges', () => {
  it('previous period of a calendar year, month or quarter is the calendar period before', () => {
    const y = comparisonRanges({ from: '2014-01-01', to: '2015-01-01' }, { from: '2014-01-01', to: '2015-01-01' }, 'previous_period');
    expect(y.previous).toEqual({ from: '2013-01-01', to: '2014-01-01' });
    expect(y.shift).toEqual({ months: 12 });
    // February's predecessor is all of January (31 days), not the 28 days before.
    const feb = comparisonRanges({ from: '2014-02-01', to: '2014-03-01' }, { from: '2014-02-01', to: '2014-03-01' }, 'previous_period');
    expect(feb.previous).toEqual({ from: '2014-01-01', to: '2014-02-01' });
    const q = comparisonRanges({ last: { count: 1, unit: 'quarter' } }, { from: '2015-10-01', to: '2016-01-01' }, 'previous_period');
    expect(q.previous).toEqual({ from: '2015-07-01', to: '2015-10-01' });
    expect(shiftToInterval(q.shift)).toBe('3 months');
  });

  it('arbitrary ranges shift by their duration', () => {
    const r = comparisonRanges({ from: '2014-01-10', to: '2014-01-20' }, { from: '2014-01-10', to: '2014-01-20' }, 'previous_period');
    expect(r.previous).toEqual({ from: '2013-12-31', to: '2014-01-10' });
    expect(shiftToInterval(r.shift)).toBe('10 days');
    const w = comparisonRanges({ last: { count: 2, unit: 'week' } }, { from: '2016-06-06', to: '2016-06-20' }, 'previous_period');
    expect(w.previous).toEqual({ from: '2016-05-23', to: '2016-06-06' });
    const h = comparisonRanges({ from: '2016-06-01T10:00', to: '2016-06-01T11:30' }, { from: '2016-06-01T10:00:00', to: '2016-06-01T11:30:00' }, 'previous_period');
    expect(h.previous).toEqual({ from: '2016-06-01T08:30:00', to: '2016-06-01T10:00:00' });
    expect(shiftToInterval(h.shift)).toBe('5400 seconds');
  });

  it('same period last year is twelve months earlier, leap day clamped', () => {
    const r = comparisonRanges({ from: '2016-02-29', to: '2016-03-01' }, { from: '2016-02-29', to: '2016-03-01' }, 'same_period_last_year');
    expect(r.previous).toEqual({ from: '2015-02-28', to: '2015-03-01' });
    expect(shiftToInterval(r.shift)).toBe('12 months');
  });

  it('needs both bounds', () => {
    expect(() => comparisonRanges({ from: '2014-01-01' }, { from: '2014-01-01', to: null }, 'previous_period')).toThrow(/both a start and an end/);
  });
});
