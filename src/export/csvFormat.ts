/**
 * CSV as spreadsheets read it safely (RFC 4180 quoting, CRLF line ends). Text cells a spreadsheet
 * would evaluate as a formula — starting with =, +, -, @, a tab or a carriage return — get a
 * leading single quote inside a quoted cell, as OWASP's CSV-injection guidance asks. Numbers are
 * written as numbers (a negative number is not a formula).
 */
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

/** First characters a spreadsheet takes for a formula: = + - @ tab CR (char codes, checked per cell). */
function startsFormula(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;
}

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const formula = startsFormula(s);
  if (formula) s = `'${s}`;
  return formula || NEEDS_QUOTES.test(s) ? `"${s.replace(QUOTE, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  let line = values.length ? csvCell(values[0]) : '';
  for (let i = 1; i < values.length; i++) line += ',' + csvCell(values[i]);
  return line + '\r\n';
}
