import { isDisguisedNull } from './nulls.js';

/**
 * Loose parse rules for values stored as text: numbers with thousands separators, currency,
 * percent, units and accounting negatives; dates in common formats; booleans. Each parse returns
 * the value or the reason it failed, so callers can count and show failures.
 */

export type Parse<T> = { ok: true; value: T; notes: ParseNote[] } | { ok: false; reason: string; kind: FailureKind };
/** `impossible`: shaped like the target type but cannot exist (Feb 30); `null`: a disguised null. */
export type FailureKind = 'empty' | 'null' | 'malformed' | 'impossible';
export type ParseNote = 'thousands' | 'decimal_comma' | 'currency' | 'percent' | 'unit' | 'parentheses' | 'magnitude' | 'text';

export interface NumberRules {
  /** "12%" → 12 (`number`, default) or 0.12 (`fraction`). */
  percent?: 'number' | 'fraction';
  /** Decimal mark: `auto` (default) reads "1,234" as 1234, "1,5" and "1.234,5" with a decimal comma. */
  decimal?: 'auto' | '.' | ',';
  /** Strip a trailing unit ("3 kg" → 3); default true. */
  units?: boolean;
  /** Read k / M / bn suffixes as multipliers ("1.2M" → 1200000); default false (then they fail as ambiguous). */
  magnitudes?: boolean;
}

const fail = <T>(kind: FailureKind, reason: string): Parse<T> => ({ ok: false, kind, reason });
const CURRENCY_SYMBOL = /^(?:US\$|C\$|A\$|R\$|NZ\$|HK\$|[$€£¥₹₩₽¢฿₺₪₦])/u;
const CURRENCY_CODE = /^(?:USD|EUR|GBP|JPY|CNY|INR|CAD|AUD|CHF|SEK|NOK|DKK|BRL|MXN|RUB|KRW|ZAR|NZD|HKD|SGD)\b/u;
const CURRENCY_SUFFIX = /\s*(?:[$€£¥₹₩₽¢]|USD|EUR|GBP|JPY|CNY|INR|CAD|AUD|CHF|SEK|NOK|DKK|kr)$/u;
const MAGNITUDE: Record<string, number> = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, mn: 1e6, mm: 1e6, b: 1e9, B: 1e9, bn: 1e9 };
const UNIT = /\s*([\p{L}°µ][\p{L}\p{N}°µ²³/.·]*)$/u;
const GROUP_SPACE = /[ '\u00a0\u202f\u2009]/;

/** Parses a number written loosely ("1,234.5", "$5.00", "12%", "3 kg", "(1,200)", "1.234,5"); numbers pass through. */
export function parseNumberLoose(input: unknown, rules: NumberRules = {}): Parse<number> {
  if (typeof input === 'number') return Number.isFinite(input) ? { ok: true, value: input, notes: [] } : fail('malformed', 'not a finite number');
  if (typeof input === 'bigint') return { ok: true, value: Number(input), notes: [] };
  if (input === null || input === undefined) return fail('empty', 'no value');
  if (typeof input !== 'string') return fail('malformed', `not a number: ${typeof input}`);
  if (isDisguisedNull(input)) return input.trim() === '' ? fail('empty', 'empty text') : fail('null', `null marker "${input.trim()}"`);
  const notes: ParseNote[] = ['text'];
  // NFKC: full-width digits, non-breaking spaces; U+2212 is the typographic minus.
  let s = input.normalize('NFKC').replace(/\u2212/g, '-').trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(s);
  if (paren) {
    negative = true;
    notes.push('parentheses');
    s = paren[1]!.trim();
  }
  // Sign and currency in either order: "-$5", "$-5", "USD 5".
  for (let k = 0; k < 2; k++) {
    if (/^[-+]/.test(s)) {
      if (s[0] === '-') {
        if (negative) return fail('malformed', 'two negative signs');
        negative = true;
      }
      s = s.slice(1).trim();
    }
    const cur = CURRENCY_SYMBOL.exec(s) ?? CURRENCY_CODE.exec(s);
    if (cur) {
      notes.push('currency');
      s = s.slice(cur[0].length).trim();
    }
  }
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    notes.push('percent');
    s = s.slice(0, -1).trim();
  }
  const curSuffix = CURRENCY_SUFFIX.exec(s);
  if (curSuffix && /\d/.test(s.slice(0, curSuffix.index))) {
    notes.push('currency');
    s = s.slice(0, curSuffix.index).trim();
  }
  let multiplier = 1;
  const unit = !percent ? UNIT.exec(s) : null;
  if (unit && /\d/.test(s.slice(0, unit.index))) {
    const u = unit[1]!;
    const attached = unit[0] === u;
    if (/^[eE][-+]?\d*$/.test(u) || (/^[eE]\d/.test(u) && attached)) {
      // exponent, not a unit: handled by the numeric core
    } else if (MAGNITUDE[u] !== undefined && attached) {
      if (!rules.magnitudes) return fail('malformed', `ambiguous suffix "${u}" (a multiplier or a unit?)`);
      multiplier = MAGNITUDE[u]!;
      notes.push('magnitude');
      s = s.slice(0, unit.index).trim();
    } else {
      if (rules.units === false) return fail('malformed', `unit "${u}" not allowed`);
      notes.push('unit');
      s = s.slice(0, unit.index).trim();
    }
  }
  const core = parseNumericCore(s, rules.decimal ?? 'auto');
  if (!core.ok) return core;
  notes.push(...core.notes);
  let value = core.value * multiplier;
  if (negative) value = -value;
  if (percent && rules.percent === 'fraction') value /= 100;
  if (!Number.isFinite(value)) return fail('malformed', 'number out of range');
  return { ok: true, value, notes };
}

/** The digits-and-separators part: "1,234.56", "1.234,56", "1 234", "1e5", ".5". */
function parseNumericCore(s: string, decimal: 'auto' | '.' | ','): Parse<number> {
  if (s === '') return fail('malformed', 'no digits');
  if (/^(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(s) && (decimal !== ',' || !s.includes('.') || /[eE]/.test(s))) {
    return { ok: true, value: Number(s), notes: [] };
  }
  const notes: ParseNote[] = [];
  let t = s;
  if (GROUP_SPACE.test(t)) {
    if (!/^\d{1,3}(?:[ '\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$/.test(t)) return fail('malformed', `not a number: "${s}"`);
    t = t.replace(/[ '\u00a0\u202f\u2009]/g, '');
    notes.push('thousands');
  }
  if (!/^[\d.,]+$/.test(t) || !/\d/.test(t)) return fail('malformed', `not a number: "${s}"`);
  const lastDot = t.lastIndexOf('.');
  const lastComma = t.lastIndexOf(',');
  let intPart: string;
  let fracPart = '';
  let groupSep: string | null = null;
  if (lastDot < 0 && lastComma < 0) {
    intPart = t;
  } else if (lastDot >= 0 && lastComma >= 0) {
    const decMark = lastDot > lastComma ? '.' : ',';
    if (decimal !== 'auto' && decimal !== decMark) return fail('malformed', `decimal mark "${decMark}" where "${decimal}" was expected: "${s}"`);
    const at = Math.max(lastDot, lastComma);
    intPart = t.slice(0, at);
    fracPart = t.slice(at + 1);
    groupSep = decMark === '.' ? ',' : '.';
    if (decMark === ',') notes.push('decimal_comma');
  } else {
    const mark = lastComma >= 0 ? ',' : '.';
    const count = t.split(mark).length - 1;
    const grouped = new RegExp(`^\\d{1,3}(?:\\${mark}\\d{3})+$`).test(t);
    const asDecimal = decimal === mark || (decimal === 'auto' && count === 1 && !(mark === ',' && grouped));
    if (asDecimal && count === 1) {
      const at = t.indexOf(mark);
      intPart = t.slice(0, at);
      fracPart = t.slice(at + 1);
      if (mark === ',') notes.push('decimal_comma');
    } else if (grouped) {
      intPart = t;
      groupSep = mark;
    } else {
      return fail('malformed', `misplaced separators: "${s}"`);
    }
  }
  if (groupSep !== null) {
    if (!new RegExp(`^\\d{1,3}(?:\\${groupSep}\\d{3})*$`).test(intPart)) return fail('malformed', `misplaced thousands separators: "${s}"`);
    if (intPart.includes(groupSep)) notes.push('thousands');
    intPart = intPart.split(groupSep).join('');
  }
  if (!/^\d*$/.test(intPart) || !/^\d*$/.test(fracPart) || (intPart === '' && fracPart === '')) return fail('malformed', `not a number: "${s}"`);
  return { ok: true, value: Number(`${intPart || '0'}.${fracPart || '0'}`), notes };
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0', 'off']);

/** Parses a boolean ("yes", "N", "1", "TRUE", "off"); numbers 1 and 0 and booleans pass. */
export function parseBooleanLoose(input: unknown): Parse<boolean> {
  if (typeof input === 'boolean') return { ok: true, value: input, notes: [] };
  if (input === 1 || input === 0) return { ok: true, value: input === 1, notes: [] };
  if (input === null || input === undefined) return fail('empty', 'no value');
  if (typeof input !== 'string') return fail('malformed', `not a boolean: ${String(input)}`);
  if (isDisguisedNull(input)) return input.trim() === '' ? fail('empty', 'empty text') : fail('null', `null marker "${input.trim()}"`);
  const w = input.trim().toLowerCase();
  if (TRUE_WORDS.has(w)) return { ok: true, value: true, notes: ['text'] };
  if (FALSE_WORDS.has(w)) return { ok: true, value: false, notes: ['text'] };
  return fail('malformed', `not a boolean: "${input.trim()}"`);
}
