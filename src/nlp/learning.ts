import type { InsightQuery, Filter } from '../insights/insightQuery.js';
import { analyze } from './analyze.js';
import type { IntentExample } from './classifier.js';
import type { Intent } from './intents/index.js';
import { tokenize } from './tokenize.js';
import type { LearnedSynonym, Vocabulary } from './vocabulary.js';
import { STOPWORDS } from './lexicon.js';
import { degreeOf, lemmasOf } from './wordnet/lemmas.js';

/** The reply to a question back about an adjective: which end of which column. */
export const SCALE_REPLY = /^(highest|lowest) (.+)$/;

export interface Lessons {
  synonyms: LearnedSynonym[];
  example: IntentExample;
}

/**
 * What a corrected query teaches: the question's words that the planner did not understand (or
 * read as something else) become learned synonyms for the columns and values the correction
 * uses, and the question, with its catalog words as slots, becomes a training example for the
 * correction's intent. The caller persists both and rebuilds vocabulary and model.
 */
export function learnFromCorrection(vocab: Vocabulary, question: string, corrected: InsightQuery): Lessons {
  const tq = tokenize(question);
  const a = analyze(tq.tokens, vocab, { anchor: 'data' });
  const ds = vocab.dataset.name;
  const synonyms: LearnedSynonym[] = [];
  const linkedColumns = new Set([...a.measures, ...a.dimensions].map((m) => m.column.name));
  const linkedValues = new Set(a.values.map((v) => `${v.column}\u0000${v.value}`));

  // Unknown words in a run form one phrase ("warmest", "box office").
  const phrases: { text: string; start: number }[] = [];
  for (const t of a.unknown) {
    const last = phrases[phrases.length - 1];
    if (last && a.tokens[t.index - 1] && a.unknown.some((u) => u.index === t.index - 1)) last.text += ` ${t.key}`;
    else phrases.push({ text: t.key, start: t.index });
  }
  for (const amb of a.ambiguous) phrases.push({ text: amb.link.text, start: amb.link.start });
  if (a.danglingGroup) phrases.push({ text: a.danglingGroup, start: tq.tokens.findIndex((t) => t.key === a.danglingGroup) });

  const newMeasures = corrected.measures.filter((m) => m.column && !linkedColumns.has(m.column));
  const newDims = corrected.dimensions.filter((d) => !linkedColumns.has(d));
  const newValues = conditions(corrected.filter).filter((c) => c.op === 'eq' && typeof c.value === 'string' && !linkedValues.has(`${c.column}\u0000${c.value}`));
  for (const p of phrases) {
    const after = (i: number) => ['by', 'per'].includes(tq.tokens[i - 1]?.key ?? '');
    if (after(p.start) && newDims.length) synonyms.push({ datasetName: ds, phrase: p.text, target: { kind: 'column', column: newDims.shift()! } });
    else if (newMeasures.length) {
      const m = newMeasures.shift()!;
      synonyms.push({ datasetName: ds, phrase: p.text, target: { kind: 'column', column: m.column!, agg: m.agg } });
    } else if (newValues.length) {
      const c = newValues.shift()!;
      synonyms.push({ datasetName: ds, phrase: p.text, target: { kind: 'value', column: c.column, value: String(c.value) } });
    } else if (newDims.length) synonyms.push({ datasetName: ds, phrase: p.text, target: { kind: 'column', column: newDims.shift()! } });
    else {
      // Everything else was understood: the unknown word qualifies the measure ("priciest item" = max unit_price).
      const m = corrected.measures.find((x) => x.column);
      if (m) synonyms.push({ datasetName: ds, phrase: p.text, target: { kind: 'column', column: m.column!, agg: m.agg } });
    }
  }

  const slotted = tq.tokens
    .map((t) => {
      if (a.measures.some((m) => m.link.start === t.index) || phrases.some((p) => p.start === t.index && synonyms.some((s) => s.phrase === p.text && s.target.kind === 'column' && corrected.measures.some((m) => m.column === (s.target as { column: string }).column)))) return '{measure}';
      if (a.dimensions.some((m) => m.link.start === t.index)) return '{dimension}';
      if (a.values.some((v) => v.link.start === t.index)) return '{value}';
      if ([...a.measures, ...a.dimensions].some((m) => m.link.start < t.index && t.index < m.link.end)) return '';
      return t.norm;
    })
    .filter(Boolean)
    .join(' ');
  return { synonyms, example: { text: slotted, intent: intentOfQuery(corrected) } };
}

/** A learned synonym from an explicit term mapping ("'priciest' means max unit_price"). */
export function termMapping(datasetName: string, phrase: string, target: LearnedSynonym['target']): LearnedSynonym {
  const clean = tokenize(phrase).tokens.filter((t) => t.kind === 'word' && !STOPWORDS.has(t.key)).map((t) => t.norm).join(' ');
  return { datasetName, phrase: clean || phrase, target };
}

/** The intent a query's shape expresses, for labelling corrected examples. */
export function intentOfQuery(q: InsightQuery): Intent {
  const desc = q.orderBy[0]?.direction === 'desc';
  if (q.compare) return 'compare';
  if (q.time?.grain && !q.limit) return 'trend';
  if (q.limit && q.orderBy.length && q.measures.length) return desc ? 'top_n' : 'bottom_n';
  if (q.dimensions.length && !q.measures.length) return 'list';
  if (q.dimensions.length) return 'breakdown';
  if (q.measures.every((m) => m.agg === 'count')) return 'count';
  return 'aggregate';
}

function conditions(f: Filter | null | undefined): { column: string; op: string; value?: unknown }[] {
  if (!f) return [];
  if ('and' in f) return f.and.flatMap(conditions);
  if ('or' in f || 'not' in f) return [];
  return [f];
}

/**
 * What the reply to "I don't know what 'crossings' refers to" teaches, once the question it resumed
 * was answered: the one unknown word names the column (or value) the reply named, so it is not
 * asked again. Only a reply that names exactly one column or value of the dataset teaches anything.
 */
export function lessonOfReply(vocab: Vocabulary, term: string, reply: string): LearnedSynonym | null {
  const said = reply.trim().toLowerCase();
  if (!said || !term.trim()) return null;
  // A word for people ("patients", "mothers") names the rows: a reply that made one question come out
  // right through a column would mislead every later question that names the rows so.
  if (vocab.person?.(term.toLowerCase()) || vocab.person?.(lemmasOf(term.toLowerCase(), 'noun')[0] ?? '')) return null;
  const colsNamed = (text: string) => vocab.dataset.columns.filter((c) => [c.label, c.name, `${c.label} (${c.name})`].some((n) => n.toLowerCase() === text));
  // "thickest" answered with "highest Girth": the adjective names that end of the column's scale, kept as
  // its plain form so "thick", "thicker" and "thickest" all read so.
  const end = SCALE_REPLY.exec(said);
  const scaleWord = isScaleWord(vocab, term.toLowerCase());
  if (end && scaleWord) {
    const cols = colsNamed(end[2]!);
    if (cols.length !== 1) return null;
    const plain = lemmasOf(term.toLowerCase(), 'adjective')[0] ?? term.toLowerCase();
    return { datasetName: vocab.dataset.name, phrase: plain, target: { kind: 'column', column: cols[0]!.name, end: end[1] === 'highest' ? 'high' : 'low' } };
  }
  // A bare column for an adjective ("safe" → crime rate, "thickest" → girth) says nothing of its direction:
  // nothing to learn until the reply says which end.
  if (scaleWord) return null;
  const cols = colsNamed(said);
  if (cols.length === 1) return termMapping(vocab.dataset.name, term, { kind: 'column', column: cols[0]!.name });
  if (cols.length > 1) return null;
  const key = tokenize(reply).tokens.map((t) => t.key).join(' ');
  const targets = new Map<string, LearnedSynonym['target']>();
  for (const e of vocab.exact.get(key) ?? []) {
    if (e.source !== 'value' && e.source !== 'name' && e.source !== 'label') continue;
    const t = e.target;
    if (t.kind === 'value') targets.set(`v\u0000${t.column}\u0000${t.value}`, { kind: 'value', column: t.column, value: t.value });
    else if (t.kind === 'column') targets.set(`c\u0000${t.column}`, { kind: 'column', column: t.column });
  }
  return targets.size === 1 ? termMapping(vocab.dataset.name, term, [...targets.values()][0]!) : null;
}

/** An adjective, or a word of degree ("thickest"), whose reply must say which end of a column it names. */
export function isScaleWord(vocab: Vocabulary, word: string): boolean {
  if (/^(most|least|more|less|best|worst|better|worse)$/.test(word)) return false;
  return !!degreeOf(word) || !!vocab.adjective?.(word);
}
