const SPECIAL = /[\\\t\n\r]/;

/**
 * One field in Postgres COPY text format: `\N` for null; backslash, tab, newline and carriage
 * return escaped (the only characters that would break the row/field framing).
 */
export function copyEscape(value: string | null): string {
  if (value === null) return '\\N';
  if (!SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
