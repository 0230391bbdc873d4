import type { Grain } from '../shared/catalog.js';

export const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7,
  august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
};
export const UNITS: Record<string, Grain> = {
  minute: 'minute', minutes: 'minute', hour: 'hour', hours: 'hour', day: 'day', days: 'day', date: 'day', week: 'week', weeks: 'week',
  month: 'month', months: 'month', quarter: 'quarter', quarters: 'quarter', year: 'year', years: 'year',
};
export const ADVERB_GRAINS: Record<string, Grain> = {
  hourly: 'hour', daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year', annually: 'year', annual: 'year',
};
export const OVER_PERIOD: Record<string, Grain> = { yoy: 'year', mom: 'month', qoq: 'quarter', wow: 'week' };
export const IN_WORDS = new Set(['in', 'during', 'for', 'of', 'on', 'within', 'throughout']);
export const LAST_WORDS = new Set(['last', 'previous', 'prior', 'past', 'preceding', 'recent']);
export const COMPARE_WORDS = new Set(['vs', 'versus', 'compared', 'against', 'than', 'compare']);
