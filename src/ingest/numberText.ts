/** A number recognised in source text, normalised for Postgres. */
export interface NumberText {
  /** Integral (no decimal point, no exponent) or not. */
  integral: boolean;
  /** Canonical text: no thousands separators, no leading '+', no superfluous leading zeros. */
  text: string;
  /** Written with thousands separators ("1,234,567"). */
  grouped: boolean;
  /** Integer part has a leading zero ("007", "00501"): likely a code, not a quantity. */
  leadingZero: boolean;
  /** Significant digits as written (decides double vs numeric). */
  significant: number;
  /** Absolute value, approximate for huge numbers. */
  magnitude: number;
}

const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)(?:\.(\d*))?$/;

/** Parses "12", "-3.5", ".5", "1e6", "1,234,567.89"; null when the text is not a plain number. */
export function parseNumberText(s: string): NumberText | null {
  let m = PLAIN.exec(s);
  let grouped = false;
  if (!m) {
    m = GROUPED.exec(s);
    if (!m) return null;
    grouped = true;
  }
  const sign = m[1] === '-' ? '-' : '';
  let intPart = m[2] ?? '';
  const frac = m[3];
  const exp = m[4];
  if (grouped) intPart = intPart.replace(/,/g, '');
  if (intPart === '' && (frac === undefined || frac === '')) return null; // "", ".", "-", "e5"
  const integral = frac === undefined && exp === undefined;
  const leadingZero = intPart.length > 1 && intPart.charCodeAt(0) === 48;
  const intTrim = intPart.replace(/^0+(?=\d)/, '');
  const fracTrim = (frac ?? '').replace(/0+$/, '');
  const digits = (intTrim === '0' ? '' : intTrim) + fracTrim;
  const significant = digits.replace(/^0+/, '').length || 1;
  let text: string;
  if (integral) text = intTrim === '0' ? '0' : sign + intTrim;
  else text = `${sign}${intTrim || '0'}${frac !== undefined && frac !== '' ? `.${frac}` : ''}${exp !== undefined ? `e${exp}` : ''}`;
  const magnitude = Math.abs(Number(text));
  return { integral, text, grouped, leadingZero, significant, magnitude };
}
