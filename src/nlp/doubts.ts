// What lowers trust in a plan, and the calibrated confidence that follows. Each doubt has a stable
// code and a factor; the factors were set from the tuning split and the dev set (the share of
// answers with that doubt that were exact), never from the test-only datasets. An answer below
// ANSWER_THRESHOLD is given as a tentative reading with a question back, not as settled.
import type { Analysis } from './analyze.js';
import type { Built } from './buildQuery.js';
import type { Token } from './tokenize.js';

export type IntentSource = 'cue' | 'classifier' | 'default';

export type DoubtCode =
  | 'ignored-word'
  | 'wordnet-link'
  | 'abbreviation-link'
  | 'partial-link'
  | 'typo'
  | 'no-aggregation'
  | 'only-measure'
  | 'inferred-measure'
  | 'row-noun-by-place'
  | 'intent-guessed'
  | 'intent-default'
  | 'two-periods'
  | 'difference'
  | 'fragment';

export interface Doubt {
  code: DoubtCode;
  why: string;
  factor: number;
}

/** Calibrated factors (see the file comment). */
export const DOUBT_FACTORS: Record<DoubtCode, number> = {
  'ignored-word': 0.6,
  'wordnet-link': 0.88,
  'abbreviation-link': 0.95,
  'partial-link': 0.95,
  typo: 0.92,
  'no-aggregation': 0.95,
  'only-measure': 0.9,
  'inferred-measure': 0.95,
  'row-noun-by-place': 0.85,
  'intent-guessed': 0.85,
  'intent-default': 0.97,
  'two-periods': 0.85,
  difference: 0.6,
  fragment: 0.5,
};

const doubt = (code: DoubtCode, why: string): Doubt => ({ code, why, factor: DOUBT_FACTORS[code] });

/** The doubts of a built plan. */
export function doubtsOf(a: Analysis, built: Built, intentSource: IntentSource, ignored: readonly Token[]): Doubt[] {
  const out: Doubt[] = [];
  for (const t of ignored) out.push(doubt('ignored-word', `ignored '${t.norm}'`));
  const links = [...a.measures.map((m) => m.link), ...a.dimensions.map((d) => d.link), ...a.values.map((v) => v.link), ...a.timeMentions.map((m) => m.link)];
  for (const l of links) {
    const c = l.candidates[0];
    if (!c) continue;
    if (c.source === 'wordnet') out.push(doubt('wordnet-link', `read '${l.text}' as ${c.via ?? c.key}`));
    else if (c.source === 'abbreviation' || l.match === 'abbreviation' || l.match === 'acronym') out.push(doubt('abbreviation-link', `read '${l.text}' as ${c.via ?? c.key}`));
    else if (c.source === 'partial') out.push(doubt('partial-link', `'${l.text}' is only part of a column name`));
    if (l.match === 'fuzzy') out.push(doubt('typo', `'${l.text}' looks misspelt`));
  }
  if (built.notes.some((n) => n.includes('as no aggregation was named'))) out.push(doubt('no-aggregation', 'no aggregation was named'));
  if (built.notes.some((n) => n.includes('the only measure'))) out.push(doubt('only-measure', 'no measure was named'));
  else if (!a.measures.length && built.query.measures.some((m) => m.column)) out.push(doubt('inferred-measure', 'the measure was inferred'));
  if (a.rowNoun && !a.rowNounNamed) out.push(doubt('row-noun-by-place', `read '${a.rowNoun.norm}' as the rows`));
  if (intentSource === 'classifier') out.push(doubt('intent-guessed', `the kind of answer (${built.intent}) was guessed from the wording`));
  if (intentSource === 'default') out.push(doubt('intent-default', 'no kind of answer was named'));
  if (a.time.otherRange) out.push(doubt('two-periods', 'two periods were named'));
  const words = a.tokens.map((t) => t.key).join(' ');
  // "and in 1970?", "what about floods?" with no answer before it to follow: a fragment read alone.
  if (/^(and|what about|how about|same for|same but|but|also)\b/.test(words)) out.push(doubt('fragment', 'this reads as a follow-up, but there is no earlier answer to follow'));
  if (/\b(how (much|many) (more|less|fewer)|more \w+ than|difference)\b/.test(words)) out.push(doubt('difference', 'a difference was asked for; both figures are shown'));
  return out;
}

/** The product of the doubts' factors (1 without doubt), rounded to two places. */
export function confidenceOf(doubts: readonly Doubt[]): number {
  const c = doubts.reduce((p, d) => p * d.factor, 0.99);
  return Math.round(Math.max(0.05, Math.min(1, c)) * 100) / 100;
}
