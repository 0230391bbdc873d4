import type { Grain } from '../shared/catalog.js';

/** A calendar day in UTC, the unit all time phrases resolve to. */
export interface Day {
  y: number;
  m: number; // 1-12
  d: number;
}

/** Parses the date part of an ISO date or timestamp. */
export function parseDay(iso: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : undefined;
}

/** Day → "YYYY-MM-DD", normalizing overflowing months and days. */
export function iso(day: Day): string {
  return new Date(Date.UTC(day.y, day.m - 1, day.d)).toISOString().slice(0, 10);
}

/** The day a JS Date falls on in UTC. */
export function dayOf(date: Date): Day {
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

/** Adds a number of grain units to a day; month steps clamp to the month's end (Dec 31 − 3 months = Sep 30). */
export function addUnits(day: Day, n: number, unit: Grain): Day {
  if (unit === 'month' || unit === 'quarter' || unit === 'year') {
    const months = n * (unit === 'month' ? 1 : unit === 'quarter' ? 3 : 12);
    const total = day.y * 12 + (day.m - 1) + months;
    const y = Math.floor(total / 12);
    const m = (total % 12) + 1;
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { y, m, d: Math.min(day.d, last) };
  }
  const dt = new Date(Date.UTC(day.y, day.m - 1, day.d));
  switch (unit) {
    case 'minute':
    case 'hour':
    case 'day':
      dt.setUTCDate(dt.getUTCDate() + n);
      break;
    case 'week':
      dt.setUTCDate(dt.getUTCDate() + 7 * n);
      break;
  }
  return dayOf(dt);
}

/** First day of the calendar period (ISO week starts Monday) that contains `day`. */
export function startOf(day: Day, unit: Grain): Day {
  switch (unit) {
    case 'minute':
    case 'hour':
    case 'day':
      return day;
    case 'week': {
      const dow = new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
      return dayOf(new Date(Date.UTC(day.y, day.m - 1, day.d - ((dow + 6) % 7))));
    }
    case 'month':
      return { y: day.y, m: day.m, d: 1 };
    case 'quarter':
      return { y: day.y, m: Math.floor((day.m - 1) / 3) * 3 + 1, d: 1 };
    case 'year':
      return { y: day.y, m: 1, d: 1 };
  }
}

/** Days between two ISO dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}
