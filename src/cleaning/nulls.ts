/**
 * Disguised nulls: text that means "no value". Compared trimmed and lower-cased; whitespace-only
 * and the empty string count too.
 */
export const DISGUISED_NULL_TOKENS: readonly string[] = [
  '', 'n/a', 'na', 'n.a.', '#n/a', '-', '--', '—', 'null', 'nil', 'none', '?', '??', 'unknown', 'nan', 'missing', '(blank)', '(null)', 'undefined',
];
const TOKENS = new Set(DISGUISED_NULL_TOKENS);

/** True when `v` is a string that stands for a missing value ("N/A", "-", "  ", …). */
export function isDisguisedNull(v: unknown, tokens: ReadonlySet<string> = TOKENS): boolean {
  return typeof v === 'string' && tokens.has(v.trim().toLowerCase());
}

/** True for a real null or an undefined cell. */
export function isNullish(v: unknown): v is null | undefined {
  return v === null || v === undefined;
}

/** True for a real null, NaN or a disguised null: the cell holds no value. */
export function isMissing(v: unknown): boolean {
  return isNullish(v) || (typeof v === 'number' && Number.isNaN(v)) || isDisguisedNull(v);
}
