/** Longest question the planner reads; longer input is cut here and flagged, never parsed whole. */
export const MAX_QUESTION_CHARS = 500;

export interface NormalizedText {
  /** Lower-cased, NFKC-folded text with straight quotes and single spaces. */
  text: string;
  /** True when the input was longer than MAX_QUESTION_CHARS and was cut. */
  truncated: boolean;
  /** Share of letters outside the basic Latin range: high for non-English scripts. */
  nonLatinShare: number;
  /** Count of pictographic characters (emoji). */
  emojiCount: number;
}

const NON_LATIN = /[^\u0000-\u024f]/u;
const LETTER = /\p{L}/u;
const EMOJI = /\p{Extended_Pictographic}/gu;
const ACCENTED = /[\u00c0-\u00ff\u0100-\u024f]/u;

/** One or two letters on each side of an ampersand, as whole words. */
export const AMPERSAND_INITIALS = /\b([a-z]{1,2})&([a-z]{1,2})\b/g;

/** Folds a raw question into the canonical text every later stage reads. */
export function normalizeText(raw: string): NormalizedText {
  let s = raw ?? '';
  const truncated = s.length > MAX_QUESTION_CHARS;
  if (truncated) s = s.slice(0, MAX_QUESTION_CHARS);
  s = s.normalize('NFKC');
  const emojiCount = (s.match(EMOJI) ?? []).length;
  let letters = 0;
  let nonLatin = 0;
  let accented = 0;
  for (const ch of s) {
    if (LETTER.test(ch)) {
      letters++;
      if (NON_LATIN.test(ch)) nonLatin++;
      else if (ACCENTED.test(ch)) accented++;
    }
  }
  // Latin-script languages other than English: inverted marks, or accents on many letters.
  if (/[¿¡]/.test(s) || (letters >= 10 && accented / letters > 0.04)) nonLatin = Math.max(nonLatin, letters);
  s = s
    .replace(/[\u2018\u2019\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    // Control characters carry no meaning in a question and can hide text.
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .toLowerCase()
    // "year-over-year", "t-shirt", "twenty-five": a hyphen between letters joins words, it is not a minus.
    .replace(/(?<=\p{L})-(?=\p{L})/gu, ' ')
    // "by calendar month (Jan, Feb, ...)": examples of a period word that trail off illustrate it; they
    // do not filter. A trailing list of values ("in (TX, CA, etc.)") stays, to be asked about.
    .replace(/\b(months?|days?|weekdays?|quarters?|years?|hours?)\s*\([^()]*(?:\.\.\.|\u2026|\betc\b\.?)\s*\)/g, '$1 ')
    // "S&P", "AT&T", "R&D": initials joined by an ampersand are one name ("sp", "att").
    .replace(AMPERSAND_INITIALS, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
  return { text: s, truncated, nonLatinShare: letters ? nonLatin / letters : 0, emojiCount };
}
