import { describe, expect, it } from 'vitest';
import { formatDateUtc, formatTimestampUtc, isoDayText, isoTimestampText, parseDateText } from '../../../src/ingest/dateText.js';

const iso = (s: string, order?: 'mdy' | 'dmy') => {
  const d = parseDateText(s, order);
  return d ? `${new Date(d.ms).toISOString()}${d.hasTime ? '' : ' (date)'}` : null;
};

describe('parseDateText', () => {
  it.each([
    ['2000-01-01', '2000-01-01T00:00:00.000Z (date)'],
    ['2000-1-5', '2000-01-05T00:00:00.000Z (date)'],
    ['2000-01-01T08:00:00.000Z', '2000-01-01T08:00:00.000Z'],
    ['2000-01-01T08:00:00+02:00', '2000-01-01T06:00:00.000Z'],
    ['2000-01-01 23:30:00-0530', '2000-01-02T05:00:00.000Z'],
    ['2000-01-01 08:00', '2000-01-01T08:00:00.000Z'],
    ['2015/01/01 01:00:00', '2015-01-01T01:00:00.000Z'],
    ['2015/01/01', '2015-01-01T00:00:00.000Z (date)'],
    ['Jan 1 2000', '2000-01-01T00:00:00.000Z (date)'],
    ['Jun 12 1998', '1998-06-12T00:00:00.000Z (date)'],
    ['January 1, 2000', '2000-01-01T00:00:00.000Z (date)'],
    ['Sept. 30, 2001', '2001-09-30T00:00:00.000Z (date)'],
    ['1 Jan 2000', '2000-01-01T00:00:00.000Z (date)'],
    ['01-Feb-2000', '2000-02-01T00:00:00.000Z (date)'],
    ['Tue, 1 Feb 2000 10:00:00 GMT', '2000-02-01T10:00:00.000Z'],
    ['Jan 2000', '2000-01-01T00:00:00.000Z (date)'],
    ['2000-03', '2000-03-01T00:00:00.000Z (date)'],
    ['01/31/2000', '2000-01-31T00:00:00.000Z (date)'],
    ['31/01/2000', '2000-01-31T00:00:00.000Z (date)'],
    ['02/03/2000', '2000-02-03T00:00:00.000Z (date)'],
    ['1/2/2000 3:04 PM', '2000-01-02T15:04:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z (date)'],
    ['0099-12-31', '0099-12-31T00:00:00.000Z (date)'],
  ])('%s → %s', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('uses the given order only for ambiguous a/b/yyyy dates', () => {
    expect(iso('02/03/2000', 'dmy')).toBe('2000-03-02T00:00:00.000Z (date)');
    expect(iso('01/31/2000', 'dmy')).toBe('2000-01-31T00:00:00.000Z (date)');
    expect(parseDateText('02/03/2000')).toMatchObject({ ambiguousOrder: true, forcedOrder: null });
    expect(parseDateText('13/03/2000')).toMatchObject({ ambiguousOrder: false, forcedOrder: 'dmy' });
    expect(parseDateText('03/13/2000')).toMatchObject({ ambiguousOrder: false, forcedOrder: 'mdy' });
  });

  it.each([
    '946684800', // an epoch: numbers are never dates
    '20000101',
    '2000',
    '1999-02-29',
    '2000-13-01',
    '2000-04-31',
    '13/13/2000',
    'Foo 1 2000',
    '2000-01-01T25:00',
    'yesterday',
    '1.5',
    '',
  ])('rejects %j', (text) => {
    expect(parseDateText(text)).toBeNull();
  });

  it('formats dates and timestamps canonically', () => {
    expect(formatDateUtc(Date.UTC(2012, 0, 5))).toBe('2012-01-05');
    expect(formatTimestampUtc(Date.UTC(2012, 0, 5, 1, 2, 3, 4))).toBe('2012-01-05T01:02:03.004Z');
    expect(formatTimestampUtc(Date.UTC(10000, 0, 1))).toBeNull();
  });
});

/** What the timestamp and date converters produced before the fast paths: the parser, then the formatter. */
const slowTimestamp = (s: string) => {
  const d = parseDateText(s);
  return d ? formatTimestampUtc(d.ms) : null;
};

describe('ISO fast paths', () => {
  it.each([
    ['2020-01-01T00:01:00.000Z', '2020-01-01T00:01:00.000Z'],
    ['2001-01-01 00:01:00', '2001-01-01T00:01:00.000Z'],
    ['2001-01-01 23:59', '2001-01-01T23:59:00.000Z'],
    ['2001-01-01T08:00:00.5Z', '2001-01-01T08:00:00.500Z'],
    ['2001-01-01T08:00:00.05', '2001-01-01T08:00:00.050Z'],
    ['0999-12-31', '0999-12-31T00:00:00.000Z'],
    ['2000-02-29', '2000-02-29T00:00:00.000Z'],
  ])('%j reads as %j', (text, expected) => {
    expect(isoTimestampText(text)).toBe(expected);
    expect(slowTimestamp(text)).toBe(expected);
  });

  it.each(['2001-02-29', '0000-01-01', '2001-01-01T24:00', '2001-01-01T08:60', '2001-01-01T08:00:60', '2001-01-01T08:00:00.', '2001-01-01T08:00:00.1234', '2001-01-01T08:00+02:00', '2001-01-01t08:00', '2001-1-01', 'Jan 1 2000'])(
    'leaves %j to the slow path',
    (text) => {
      expect(isoTimestampText(text)).toBeNull();
    },
  );

  it('never disagrees with the parser on random ISO-like text', () => {
    const pieces = ['2', '0', '1', '9', '-', ':', 'T', ' ', '.', 'Z', '3', '5', '+'];
    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let fast = 0;
    for (let k = 0; k < 20_000; k++) {
      // A valid stem half of the time, then random tails, so both paths are exercised.
      let s = k % 2 ? `20${rnd(10)}${rnd(10)}-0${1 + rnd(9)}-${10 + rnd(19)}` : '';
      const len = rnd(14);
      for (let i = 0; i < len; i++) s += pieces[rnd(pieces.length)];
      const f = isoTimestampText(s);
      if (f !== null) {
        fast++;
        expect(f, s).toBe(slowTimestamp(s));
      }
      const day = isoDayText(s);
      if (day !== null) expect(`${day}T00:00:00.000Z`, s).toBe(slowTimestamp(s));
    }
    expect(fast).toBeGreaterThan(1000);
  });
});
