import type { RowFilter } from './principal.js';

/** What of a detector decides whose rows its alerts are about. */
export interface AlertSource {
  kind: string;
  segmentBy: string | null;
  keyColumn: string | null;
}

/**
 * Row filters reach alerts too: an alert is about the rows of its segment, so a key with row
 * filters sees it only when its segment pins every filter (the detector segments by, or keys on,
 * the filter's column, and the alert's value there is the filter's). Any other alert (a whole
 * dataset's series, another segment) is about rows outside the key's filters and stays hidden.
 * Segments of detectors with both a segment and a key are `<segment>/<key>`; one whose parts
 * cannot be told apart (a '/' inside a value) is hidden rather than guessed.
 */
export function alertWithinFilters(filters: readonly RowFilter[], d: AlertSource, segment: string): boolean {
  if (!filters.length) return true;
  const keyed = (d.kind === 'VELOCITY' || d.kind === 'FIRST_SEEN') && d.keyColumn !== null;
  let parts: Record<string, string>;
  if (keyed && d.segmentBy) {
    const bits = segment.split('/');
    if (bits.length !== 2) return false;
    parts = { [d.segmentBy]: bits[0]!, [d.keyColumn!]: bits[1]! };
    if (d.segmentBy === d.keyColumn && bits[0] !== bits[1]) return false;
  } else if (keyed) parts = { [d.keyColumn!]: segment };
  else if (d.segmentBy) parts = { [d.segmentBy]: segment };
  else return false;
  // Filters compare as text, like the SQL they become (column = value).
  return filters.every((f) => Object.hasOwn(parts, f.column) && parts[f.column] === f.value);
}
