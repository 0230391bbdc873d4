// The measures a question names, each with its aggregation: the one said nearest, else the
// column's default; a value word read as the measure when nothing else could be; the only measure
// of a table when none is named.
import { onlyMeasureColumn } from './soleMeasure.js';
import { howManyAt } from './analyzeWords.js';
import { isNumericType } from '../shared/catalog.js';
import { measureName, type Aggregation, type Measure } from '../insights/insightQuery.js';
import type { Analysis, ColumnMention } from './analyze.js';
import { defaultAggregation } from './defaults.js';
import { isModelIntent, type Intent } from './intents/index.js';
import { TOP_WORDS, BOTTOM_WORDS } from './lexicon.js';
import { extremeOf } from './measureRules.js';
import { codesOfThings, pluralOf } from './countPlan.js';
import { rowsCounted } from './rowNoun.js';

export function resolveMeasures(a: Analysis, intent: Intent, notes: string[]): { measures: Measure[]; values: Analysis['values'] } {
  const measures: Measure[] = [];
  let values = a.values;
  const cues = a.aggCues.filter((c) => !((intent === 'top_n' || intent === 'bottom_n') && (TOP_WORDS.has(a.tokens[c.index]!.key) || BOTTOM_WORDS.has(a.tokens[c.index]!.key))));
  const usedCues = new Set<number>();
  const cueFor = (m: ColumnMention): Aggregation | undefined => {
    // The nearest aggregation word before the measure, else the nearest after it ("revenue total").
    let best: { agg: Aggregation; index: number } | undefined;
    for (const c of cues) if (!usedCues.has(c.index) && c.index < m.link.start && (!best || c.index > best.index)) best = c;
    if (!best) for (const c of cues) if (!usedCues.has(c.index) && c.index >= m.link.end && (!best || c.index < best.index)) best = c;
    if (!best && usedCues.size && cues.length === 1) best = cues[0];
    if (best) usedCues.add(best.index);
    return best?.agg;
  };
  let mentions = a.measures;
  if (!mentions.length) {
    // "total rain": the only words that could be a measure also name a value; read them as the measure.
    const alt = values.find((v) => v.altMeasure && !v.negated);
    if (alt && !a.countCue && (cues.length || intent === 'trend' || isModelIntent(intent) || intent === 'distribution' || intent === 'correlation')) {
      values = values.filter((v) => v !== alt);
      mentions = [{ column: alt.altMeasure!, link: alt.link, grouping: false, score: alt.score }];
      notes.push(`read '${alt.link.text}' as the measure ${alt.altMeasure!.label}`);
    }
  }
  // "how many months had more than 3000 deaths in total": the figure named is the comparison's
  // column; what is counted is the rows.
  if (countsRowsPast(a, mentions, cues.length)) {
    notes.push('counted the rows, as the figure named is what they are compared on');
    return { measures: [{ agg: 'count' }], values };
  }
  // "which state has the most patients", "top 3 levels by number of respondents": the rows are what is counted.
  if (rowsCounted(a, mentions, cues) === 'most') return { measures: [{ agg: 'count' }], values };
  if (!mentions.length && intent !== 'count' && intent !== 'list' && !(a.countCue && !cues.length)) {
    // A dataset with one measure: naming no measure can only mean that one.
    const only = onlyMeasureColumn(a.vocab.dataset);
    if (only) {
      mentions = [{ column: only, link: { start: -1, end: -1, text: '', candidates: [], match: 'exact' }, grouping: false, score: 0.9 }];
      notes.push(`used ${only.label}, the only measure`);
    }
  }
  const seen = new Set<string>();
  for (const m of mentions) {
    const agg = m.agg ?? cueFor(m) ?? extremeOf(m);
    // "how many piglets were on each feed": integer codes of things said in the plural are counted, in a breakdown too.
    if (!agg && a.countCue && m.link.start >= 0 && !m.soleMeasure && codesOfThings(m.column, a.vocab.dataset.rowCount) && pluralOf(m.link.text, m.column.label)) {
      const meas: Measure = { column: m.column.name, agg: 'count_distinct' };
      if (!seen.has(measureName(meas))) measures.push(meas);
      seen.add(measureName(meas));
      const note = `counted the distinct ${m.column.label}, as '${m.link.text}' names things`;
      if (!notes.includes(note)) notes.push(note);
      continue;
    }
    // "how much do men earn", "what do penguins weigh": what each one earns or weighs, an average.
    const perOne = / asks for the /.test(m.link.candidates[0]?.via ?? '');
    const chosen = agg && agg !== 'stddev' && !isNumericType(m.column.type) ? 'count_distinct' : agg ?? (a.vocab.averaged?.has(m.column.name) || perOne ? 'avg' : defaultAggregation(m.column));
    if (!agg) notes.push(`${chosen === 'sum' ? 'summed' : chosen === 'avg' ? 'averaged' : `took the ${chosen} of`} ${m.column.label}, as no aggregation was named`);
    const meas: Measure = chosen === 'count' ? { agg: 'count' } : { column: m.column.name, agg: chosen };
    // "the lowest and highest X": both ends of X.
    const both: Measure[] = a.bothEnds && (chosen === 'min' || chosen === 'max') && isNumericType(m.column.type) ? [{ column: m.column.name, agg: 'min' }, { column: m.column.name, agg: 'max' }] : [meas];
    for (const x of both) {
      const id = measureName(x);
      if (seen.has(id)) continue;
      seen.add(id);
      measures.push(x);
    }
  }
  return { measures, values };
}

/** "How many <things> had <figure> over N": a count cue whose noun is not the figure, every figure named being compared. */
function countsRowsPast(a: Analysis, mentions: readonly ColumnMention[], cues: number): boolean {
  if (!a.countCue || cues || !mentions.length || a.measures !== mentions) return false;
  const how = howManyAt(a.tokens);
  if (how < 0) return false;
  const many = how + 1;
  return mentions.every((m) => m.link.start > many + 1 && a.conditions.some((c) => c.column?.name === m.column.name && c.start < m.link.start));
}
