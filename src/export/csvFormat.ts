/**
 * CSV as spreadsheets read it safely (RFC 4180 quoting, CRLF line ends). Text cells a spreadsheet
 * would evaluate as a formula — starting with =, +, -, @, a tab or a carriage return — get a
 * leading single quote inside a quoted cell, as OWASP's CSV-injection guidance asks. Numbers are
 * written as numbers (a negative number is not a formula).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  let s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  const formula = FORMULA_START.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
