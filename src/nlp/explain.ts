import type { Analysis } from './analyze.js';
import { AGG_WORDS, BOTTOM_WORDS, STOPWORDS, TOP_WORDS } from './lexicon.js';
import { chooseDataset, planFromAnalysis, planQuestion, type Plan, type PlannerContext } from './plan.js';
import { rejectReason } from './guards.js';
import { tokenize, type Token } from './tokenize.js';

/** What one span of the question became, and why. */
export interface Span {
  start: number;
  end: number;
  text: string;
  kind: 'column' | 'value' | 'dataset' | 'time' | 'number' | 'comparison' | 'ordering' | 'aggregation' | 'function' | 'unknown' | 'ignored';
  /** The column, value or slot it names. */
  target?: string;
  /** Where the lexicon entry came from (label, value, WordNet relation, learned feedback…). */
  source?: string;
  score?: number;
}

/** Every stage of the parse, for debugging and for the answer's "what I understood" line. */
export interface Explanation {
  question: string;
  /** Stage 1: tokens. */
  tokens: { index: number; text: string; kind: Token['kind'] }[];
  /** Stage 2: the dataset the words fit best (or none). */
  dataset: string | null;
  /** Stage 3: lexicon spans with their sources; every word is in exactly one. */
  spans: Span[];
  /** Stage 4: coverage: content words no slot used. */
  unused: string[];
  /** Stage 5: the plan (query, model question or clarification) with its confidence. */
  plan: Plan;
}

/** Runs the pipeline on a question and returns every stage's output. */
export function explain(ctx: PlannerContext, question: string, dataset?: string): Explanation {
  const tq = tokenize(typeof question === 'string' ? question : '');
  const tokens = tq.tokens.map((t) => ({ index: t.index, text: t.norm, kind: t.kind }));
  const base = { question, tokens };
  if (rejectReason(tq, tq.tokens.filter((t) => t.kind === 'word').length)) {
    return { ...base, dataset: null, spans: [], unused: [], plan: planFromText(ctx, question) };
  }
  const pick = chooseDataset(ctx, tq.tokens, dataset);
  if ('clarify' in pick) return { ...base, dataset: null, spans: [], unused: [], plan: pick.clarify };
  const a = pick.analysis;
  const spans = spansOf(a);
  const unused = spans.filter((s) => s.kind === 'unknown' || s.kind === 'ignored').map((s) => s.text);
  return { ...base, dataset: a.vocab.dataset.name, spans, unused, plan: planFromAnalysis(ctx, a) };
}

/** Rejected text (empty, code, another language…): the guards' clarification. */
function planFromText(ctx: PlannerContext, question: string): Plan {
  return planQuestion(ctx, question);
}

/** Each token's span: links with their best candidate, time phrases, comparisons, rankings, function words, unknown words. */
export function spansOf(a: Analysis): Span[] {
  const out: Span[] = [];
  const covered = new Set<number>();
  const add = (s: Span) => {
    out.push(s);
    for (let i = s.start; i < s.end; i++) covered.add(i);
  };
  const text = (s: number, e: number) => a.tokens.slice(s, e).map((t) => t.norm).join(' ');
  for (const m of [...a.measures, ...a.dimensions, ...a.timeMentions]) {
    if (m.link.start < 0) continue;
    const c = m.link.candidates[0];
    add({ start: m.link.start, end: m.link.end, text: m.link.text, kind: 'column', target: m.column.label, ...(c ? { source: c.via ?? c.source, score: c.score } : {}) });
  }
  for (const v of a.values) {
    const c = v.link.candidates[0];
    add({ start: v.link.start, end: v.link.end, text: v.link.text, kind: 'value', target: `${v.column} = ${v.value}`, ...(c ? { source: c.via ?? c.source, score: c.score } : {}) });
  }
  for (const l of a.links.links) if (!covered.has(l.start) && l.candidates[0]?.target.kind === 'dataset') add({ start: l.start, end: l.end, text: l.text, kind: 'dataset', source: l.candidates[0].source });
  for (const p of a.patterns) add({ start: p.start, end: p.end, text: text(p.start, p.end), kind: 'value', target: `${p.column.label} ${p.op.replace('_', ' ')} ${p.texts.join(' or ')}`, ...(p.via ? { source: p.via } : {}) });
  if (a.rowNoun) add({ start: a.rowNoun.index, end: a.rowNoun.index + 1, text: a.rowNoun.norm, kind: 'dataset', source: 'the rows' });
  for (const c of a.conditions) add({ start: c.start, end: c.end, text: text(c.start, c.end), kind: 'comparison', target: `${c.column?.label ?? '?'} ${c.op} ${c.value}${c.upper !== undefined ? `..${c.upper}` : ''}` });
  for (const i of a.time.consumed) if (!covered.has(i)) add({ start: i, end: i + 1, text: a.tokens[i]!.norm, kind: 'time', target: a.time.phrases.join(', ') });
  // Parts of the calendar across years ("on weekends", "by hour of day").
  const cal = a.calendar;
  const calTarget = cal ? [...cal.parts.map((p) => `${p.part} ${p.values.join('/')}`), ...(cal.by ? [`by ${cal.by}`] : [])].join(', ') : '';
  for (const i of cal?.consumed ?? []) if (!covered.has(i)) add({ start: i, end: i + 1, text: a.tokens[i]!.norm, kind: 'time', target: calTarget });
  if (a.rank && !covered.has(a.rank.index)) add({ start: a.rank.index, end: a.rank.index + 1, text: a.tokens[a.rank.index]!.norm, kind: 'ordering', target: `${a.rank.dir}${a.rank.n ? ` ${a.rank.n}` : ''}` });
  for (const t of a.tokens) {
    if (covered.has(t.index) || t.kind === 'punct') continue;
    if (t.kind === 'number') add({ start: t.index, end: t.index + 1, text: t.norm, kind: a.unusedNumbers.includes(t) ? 'ignored' : 'number' });
    else if (AGG_WORDS[t.key]) add({ start: t.index, end: t.index + 1, text: t.norm, kind: 'aggregation', target: AGG_WORDS[t.key] });
    else if (TOP_WORDS.has(t.key) || BOTTOM_WORDS.has(t.key)) add({ start: t.index, end: t.index + 1, text: t.norm, kind: 'ordering' });
    else if (a.unknown.includes(t)) add({ start: t.index, end: t.index + 1, text: t.norm, kind: 'unknown' });
    else add({ start: t.index, end: t.index + 1, text: t.norm, kind: 'function', source: STOPWORDS.has(t.key) ? 'function word' : 'general English' });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** The "what I understood" line: each content word and what it became. */
export function understoodLine(spans: readonly Span[]): string {
  const parts = spans.filter((s) => s.kind !== 'function').map((s) => `'${s.text}' → ${s.kind}${s.target ? ` ${s.target}` : ''}${s.source && s.kind !== 'dataset' ? ` (${s.source})` : ''}`);
  return parts.length ? `understood: ${parts.join('; ')}` : '';
}
