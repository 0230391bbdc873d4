import type { Grain } from '../../shared/catalog.js';
import { badInput } from '../../shared/errors.js';

/**
 * Calendar arithmetic on grains, all in UTC: a timestamp maps to an integer period index, and an
 * index maps back to the ISO start of its period. Months, quarters and years count calendar
 * units; minute, hour, day and week count fixed lengths (weeks start on Monday, as in ISO 8601).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
// 1970-01-05 was a Monday: week indexes count from there.
const MONDAY_EPOCH = 4 * DAY;

/** Parses an ISO-like timestamp; a time without a zone is read as UTC (never as local time). */
export function parseTime(t: string): number {
  if (typeof t !== 'string') throw badInput(`timestamp must be a string, got ${typeof t}`);
  let s = t.trim();
  // Accept "2015/01/01 01:00:00" and "2015-01-01 01:00" as well as strict ISO.
  if (/^\d{4}[/-]\d{1,2}[/-]\d{1,2}/.test(s)) {
    s = s.replace(/^(\d{4})[/-](\d{1,2})[/-](\d{1,2})/, (_m, y: string, mo: string, d: string) => `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`);
    s = s.replace(/^(\d{4}-\d{2}-\d{2})[ T]/, '$1T');
    if (/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) s += 'Z';
  } else if (/^\d{4}$/.test(s)) {
    s = `${s}-01-01`;
  } else if (/^\d{4}-\d{2}$/.test(s)) {
    s = `${s}-01`;
  }
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw badInput(`cannot read timestamp '${t.slice(0, 40)}' (use ISO 8601, e.g. 2020-01-31 or 2020-01-31T13:00:00Z)`);
  return ms;
}

/** Integer index of the period (at `grain`) that contains the instant `ms`. */
export function periodIndex(ms: number, grain: Grain): number {
  switch (grain) {
    case 'minute':
      return Math.floor(ms / MINUTE);
    case 'hour':
      return Math.floor(ms / HOUR);
    case 'day':
      return Math.floor(ms / DAY);
    case 'week':
      return Math.floor((ms - MONDAY_EPOCH) / WEEK);
    case 'month': {
      const d = new Date(ms);
      return d.getUTCFullYear() * 12 + d.getUTCMonth();
    }
    case 'quarter': {
      const d = new Date(ms);
      return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    }
    case 'year':
      return new Date(ms).getUTCFullYear();
  }
}

/** Start instant (ms) of the period with the given index. */
export function periodStartMs(index: number, grain: Grain): number {
  switch (grain) {
    case 'minute':
      return index * MINUTE;
    case 'hour':
      return index * HOUR;
    case 'day':
      return index * DAY;
    case 'week':
      return index * WEEK + MONDAY_EPOCH;
    case 'month':
      return Date.UTC(Math.floor(index / 12), ((index % 12) + 12) % 12, 1);
    case 'quarter':
      return Date.UTC(Math.floor(index / 4), (((index % 4) + 4) % 4) * 3, 1);
    case 'year':
      return Date.UTC(index, 0, 1);
  }
}

/** ISO label of a period start: a date for day and coarser grains, a full UTC timestamp below. */
export function formatPeriod(ms: number, grain: Grain): string {
  const iso = new Date(ms).toISOString();
  return grain === 'minute' || grain === 'hour' ? `${iso.slice(0, 19)}Z` : iso.slice(0, 10);
}

/** Number of periods of `grain` in one year, used to express slopes "per year". */
export function periodsPerYear(grain: Grain): number {
  switch (grain) {
    case 'minute':
      return 525_960;
    case 'hour':
      return 8_766;
    case 'day':
      return 365.25;
    case 'week':
      return 52.1786;
    case 'month':
      return 12;
    case 'quarter':
      return 4;
    case 'year':
      return 1;
  }
}
