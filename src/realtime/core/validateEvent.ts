import type { Converter } from '../../ingest/inferTypes.js';
import type { CatalogColumn } from '../../shared/catalog.js';
import { MAX_EVENT_BYTES } from './parseEvents.js';

/** How far ahead of the server's clock an event's time may be (clock skew, time zones). */
export const MAX_FUTURE_MS = 24 * 3_600_000;
export const MAX_ID_LENGTH = 200;

export interface EventShape {
  columns: readonly CatalogColumn[];
  /** Converter per column (the ingest converters, so events are typed exactly as loaded rows). */
  converters: readonly Converter[];
  /** Index of the dataset's time column, or -1. */
  timeIndex: number;
}

/** A valid event: its dedupe id, its values as stored (COPY-style text per column), and its time. */
export interface ValidEvent {
  id: string | null;
  values: (string | null)[];
  time: number | null;
}

/**
 * Checks one event against the dataset's columns: a JSON object whose keys are column names
 * (or labels, any case) plus an optional `_id`; each value converts to its column's type; the
 * time column is present and not more than a day ahead of `now`. Missing columns are null.
 */
export function validateEvent(shape: EventShape, raw: unknown, now: number): ValidEvent | { reason: string } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { reason: 'the event is not a JSON object' };
  const obj = raw as Record<string, unknown>;
  let id: string | null = null;
  const values: (string | null)[] = new Array(shape.columns.length).fill(null);
  let size = 0;
  for (const [key, v] of Object.entries(obj)) {
    if (key === '_id') {
      if (v === null || v === undefined) continue;
      if (typeof v !== 'string' && typeof v !== 'number') return { reason: '_id must be a string or a number' };
      id = String(v);
      if (!id || id.length > MAX_ID_LENGTH) return { reason: `_id must be 1 to ${MAX_ID_LENGTH} characters` };
      continue;
    }
    const i = columnIndex(shape.columns, key);
    if (i < 0) return { reason: `unknown field '${key}': the dataset's columns are ${shape.columns.map((c) => c.name).join(', ')}` };
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') return { reason: `column '${shape.columns[i]!.name}': expected a ${shape.columns[i]!.type} value, got ${Array.isArray(v) ? 'an array' : 'an object'}` };
    const text = String(v);
    size += text.length;
    if (size > MAX_EVENT_BYTES) return { reason: `the event is larger than ${MAX_EVENT_BYTES.toLocaleString('en-US')} bytes` };
    const r = shape.converters[i]!(text);
    if (!r.ok) return { reason: `column '${shape.columns[i]!.name}': ${r.reason}` };
    values[i] = r.value;
  }
  let time: number | null = null;
  if (shape.timeIndex >= 0) {
    const t = values[shape.timeIndex];
    const name = shape.columns[shape.timeIndex]!.name;
    if (t === null || t === undefined) return { reason: `missing time column '${name}'` };
    time = Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t);
    if (!Number.isFinite(time)) return { reason: `column '${name}': '${t}' is not a point in time` };
    if (time > now + MAX_FUTURE_MS) return { reason: `column '${name}': ${t} is more than a day ahead of the server's clock` };
  }
  return { id, values, time };
}

function columnIndex(columns: readonly CatalogColumn[], key: string): number {
  const exact = columns.findIndex((c) => c.name === key);
  if (exact >= 0) return exact;
  const k = key.toLowerCase();
  return columns.findIndex((c) => c.name.toLowerCase() === k || c.label.toLowerCase() === k);
}

/** An event's values typed for the detectors: numbers as numbers, booleans as booleans, the rest as text. */
export function typedRow(columns: readonly CatalogColumn[], values: readonly (string | null)[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const v = values[i];
    if (v === null || v === undefined) row[c.name] = null;
    else if (c.type === 'integer' || c.type === 'bigint' || c.type === 'double' || c.type === 'numeric') row[c.name] = Number(v);
    else if (c.type === 'boolean') row[c.name] = v === 't';
    else row[c.name] = v;
  });
  return row;
}
