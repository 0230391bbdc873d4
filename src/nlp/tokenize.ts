import { stem } from './naturalLib.js';
import { AMPERSAND_INITIALS, normalizeText, type NormalizedText } from './normalize.js';
import { isNumberWord, ordinalWordValue, readNumberWords } from './numberWords.js';

export type TokenKind = 'word' | 'number' | 'punct';

export interface Token {
  /** Position in the token list. */
  index: number;
  /** The normalized surface form ("isn't", "1200", "rainy"). */
  norm: string;
  /** The form vocabulary keys use: the word without apostrophes, a number's canonical value, spelled numbers as written. */
  key: string;
  /** Porter stem for words; the canonical value for numbers. */
  stem: string;
  kind: TokenKind;
  /** Character span in the normalized text. */
  start: number;
  end: number;
  /** Numeric value for numbers (and ordinals). */
  value?: number;
  percent?: boolean;
  ordinal?: boolean;
  /** True when the number was written with a thousands/decimal form or suffix ("1.2k", "5%"): never a year. */
  formatted?: boolean;
  /** "1990s" spans 10 years, "1600s" a century (a round hundred): the years from `value` on. */
  yearSpan?: 10 | 100;
  /** Written with a currency sign ("$1,500"). */
  money?: boolean;
  /** Written in capitals in a question that is not all capitals ("the US", "IT spend"): a name, not the function word. */
  caps?: boolean;
}

export interface TokenizedQuestion extends NormalizedText {
  tokens: Token[];
}

// Numbers first (so "3rd" and "1.2k" stay whole), then words with inner apostrophes and hyphens
// ("isn't", "year-over-year"), then any other visible character as punctuation.
// A code that starts with digits ("470V", "4WD", "3D") is one word, not a run of characters.
const TOKEN_RE = /((?<![\p{L}\p{N}])-?\d+(?:,\d{3})*(?:\.\d+)?)(st|nd|rd|th|k|m|bn|%|'s|s)?(?![\p{L}\p{N}])|\p{L}[\p{L}\p{N}]*(?:'[\p{L}\p{N}]+)*|\p{N}+\p{L}[\p{L}\p{N}]*|[^\s]/gu;
/** "what's" is "what is", not a possessive: it keeps its old key ("whats"). */
const CONTRACTION = /^(what|that|it|there|here|who|where|how|let|he|she|when|why|which|this)'s$/;
const SUFFIX_SCALE: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9 };

const stemCache = new Map<string, string>();
/** Cached Porter stem; the cache is bounded because questions are unbounded input. */
export function stemWord(w: string): string {
  let s = stemCache.get(w);
  if (s === undefined) {
    s = /^[a-z]+$/.test(w) && w.length > 2 ? stem(w) : w;
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** Splits already-normalized text into word, number and punctuation tokens. */
export function tokenizeNormalized(text: string): Token[] {
  const raw: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      const suffix = m[2];
      let value = Number(m[1].replace(/,/g, ''));
      const t: Token = { index: 0, norm: m[0], key: '', stem: '', kind: 'number', start, end };
      if (suffix && suffix in SUFFIX_SCALE) value *= SUFFIX_SCALE[suffix]!;
      if (suffix === '%') t.percent = true;
      // A century only for 1X00s ("the 1600s"); "the 2000s" is a decade, as people use it.
      if ((suffix === 's' || suffix === "'s") && Number.isInteger(value) && value >= 1000 && value <= 2200 && value % 10 === 0) t.yearSpan = value % 100 === 0 && value % 1000 !== 0 ? 100 : 10;
      if (suffix && /st|nd|rd|th/.test(suffix)) t.ordinal = true;
      // A possessive year ("2015's") is still a year.
      if ((suffix && !((suffix === "'s" || suffix === 's') && !t.yearSpan && Number.isInteger(value) && value >= 1000 && value <= 2200)) || m[1].includes(',') || m[1].includes('.')) t.formatted = true;
      t.value = value;
      t.stem = String(value);
      t.key = t.percent || t.ordinal ? m[0] : String(value);
      raw.push(t);
    } else if (/^\p{L}|^\p{N}+\p{L}/u.test(m[0])) {
      // A possessive names its owner ("Norway's rate" → norway); other apostrophes just go ("isn't" → isnt).
      const key = (CONTRACTION.test(m[0]) ? m[0] : m[0].replace(/'s$/, '')).replace(/'/g, '');
      raw.push({ index: 0, norm: m[0], key, stem: stemWord(key), kind: 'word', start, end });
    } else {
      raw.push({ index: 0, norm: m[0], key: m[0], stem: m[0], kind: 'punct', start, end });
    }
  }
  return mergeNumberWords(withCurrency(raw)).map((t, i) => ({ ...t, index: i }));
}

const CURRENCY = /^[$£€¥]$/;

/** "$1,500": a currency sign written against a number is part of it (an amount, never a year), not punctuation between "over" and the number. */
function withCurrency(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.kind === 'punct' && CURRENCY.test(t.norm) && next?.kind === 'number' && next.start === t.end && !next.percent) {
      out.push({ ...next, start: t.start, formatted: true, money: true });
      i++;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** Normalizes and tokenizes a raw question. */
export function tokenize(raw: string): TokenizedQuestion {
  const n = normalizeText(raw);
  const tokens = tokenizeNormalized(n.text);
  const text = typeof raw === 'string' ? raw : '';
  const letters = text.replace(/[^A-Za-z]/g, '');
  // A shouting question says nothing by its capitals.
  if (letters.replace(/[^A-Z]/g, '').length <= letters.length / 2) {
    const caps = new Set((text.match(/\b[A-Z]{2,}\b/g) ?? []).map((w) => w.toLowerCase()));
    for (const t of tokens) if (t.kind === 'word' && caps.has(t.key)) t.caps = true;
  } else {
    // Shouted, a short word right after "the" keeps its capitals' meaning: "THE US" is never the pronoun.
    for (const t of tokens) if (t.kind === 'word' && t.key.length <= 3 && tokens[t.index - 1]?.key === 'the') t.caps = true;
  }
  return { ...n, tokens };
}

function mergeNumberWords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  const words = tokens.map((t) => t.norm);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      const ord = ordinalWordValue(t.norm);
      if (ord !== undefined) {
        out.push({ ...t, kind: 'number', value: ord, ordinal: true });
        continue;
      }
      if (isNumberWord(words[i]!)) {
        const r = readNumberWords(words.slice(i, i + 8), 0);
        if (r) {
          const last = tokens[i + r.used - 1]!;
          const key = words.slice(i, i + r.used).join(' ');
          out.push({ index: 0, norm: String(r.value), key, stem: String(r.value), kind: 'number', value: r.value, start: t.start, end: last.end, formatted: true });
          i += r.used - 1;
          continue;
        }
      }
    } else if (t.kind === 'number' && !t.formatted) {
      // "3 million", "1.5 thousand"
      const next = tokens[i + 1];
      const scale = next && next.kind === 'word' ? { thousand: 1e3, million: 1e6, billion: 1e9 }[next.norm] : undefined;
      if (scale) {
        out.push({ ...t, value: t.value! * scale, key: String(t.value! * scale), stem: String(t.value! * scale), end: next!.end, formatted: true });
        i++;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

// As TOKEN_RE: a digit-led code ("470v") is one word unless it is a number with a suffix the tokenizer reads ("1990s", "5k").
const KEY_RE = /\d+(?:st|nd|rd|th)\b|\d+(?!(?:k|m|bn|s)(?![\p{L}\p{N}]))\p{L}[\p{L}\p{N}]*|\d+(?:,\d{3})*(?:\.\d+)?|\p{L}[\p{L}\p{N}]*(?:'[\p{L}\p{N}]+)*|\p{N}+/gu;

/**
 * The vocabulary key of a catalog phrase (a label, a dimension value): the same words the
 * tokenizer would give for it, without the cost of stemming. Keeps question and catalog in step.
 */
export function phraseKey(phrase: string): string {
  // Plain ASCII (most catalog values) skips the Unicode folding; the result is the same.
  const text = /^[\x20-\x7e]*$/.test(phrase) && phrase.length <= 500 ? phrase.toLowerCase().replace(/(?<=[a-z])-(?=[a-z])/g, ' ').replace(AMPERSAND_INITIALS, '$1$2') : normalizeText(phrase).text;
  const words = text.match(KEY_RE);
  if (!words) return '';
  return words.map((w) => (/^\d+(st|nd|rd|th)$/.test(w) ? w : /^[\d,.]+$/.test(w) ? String(Number(w.replace(/,/g, ''))) : (CONTRACTION.test(w) ? w : w.replace(/'s$/, '')).replace(/'/g, ''))).join(' ');
}
