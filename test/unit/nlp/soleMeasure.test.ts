// A noun read as the table's only measure when that measure's name says nothing ("y", "value").
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { saysNothing } from '../../../src/nlp/soleMeasure.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const wordnet = (await loadWordNet()) ?? undefined;
// Monthly counts in a column called "value", the dataset named after what they count.
const riders = catalogFromRows('ferryriders', 'ferryriders.csv', Array.from({ length: 96 }, (_, i) => ({ month: `${2001 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}-01`, value: 100 + ((i * 37) % 90) })),
  [spec('month', 'date', 'time'), spec('value', 'integer', 'measure')]);
// Counts per year and day in a column called "y"; nothing names what they count.
const tolls = catalogFromRows('bridge', 'bridge.csv', Array.from({ length: 184 }, (_, i) => ({ year: 2001 + (i >= 92 ? 1 : 0), day: 1 + (i % 92), open: i % 3 ? 'no' : 'yes', y: 10 + ((i * 7) % 45) })),
  [spec('year', 'integer', 'dimension'), spec('day', 'integer', 'dimension'), spec('open', 'text', 'dimension'), spec('y', 'integer', 'measure')]);
// A named measure.
const river = catalogFromRows('river', 'river.csv', Array.from({ length: 100 }, (_, i) => ({ year: 1871 + i, flow: 500 + ((i * 37) % 400) })),
  [spec('year', 'integer', 'dimension'), spec('flow', 'integer', 'measure')]);
const ctx: PlannerContext = { vocabularies: [riders, tolls, river].map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet })) };
const plan = (q: string, dataset: string) => planQuestion(ctx, q, { dataset });

describe('a noun read as the only measure', () => {
  it('"how many riders in 2005" sums the one figure of a table named after riders, confidently', () => {
    const p = plan('how many riders in 2005', 'ferryriders');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'value', agg: 'sum' }]);
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(p.kind === 'query' && p.notes.join(' ')).toContain("'riders' → column value (the only measure, value)");
  });
  it('"which month had the most riders" ranks months by it', () => {
    const p = plan('which month had the most riders', 'ferryriders');
    expect(p.kind === 'query' && p.query.orderBy[0]).toEqual({ field: 'sum_value', direction: 'desc' });
  });
  it('any other noun is a guess: answered, but below the threshold, and told', () => {
    const p = plan('How many crossings were there in total?', 'bridge');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'y', agg: 'sum' }]);
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
    expect(p.kind === 'query' && p.notes.join(' ')).toContain('by elimination');
  });
  it('"how many days had more than 40 crossings" compares that measure and counts the days', () => {
    const p = plan('How many days had more than 40 crossings?', 'bridge');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'y', op: 'gt', value: 40 });
  });
  it('stays off: a measure with a name of its own is never stood in for', () => {
    const p = plan('average discharge in 1900', 'river');
    expect(p.kind).toBe('clarify');
  });
  it('stays off: a word for people not in the name is left to the row-noun reading', () => {
    const p = plan('how many passengers were there in total', 'bridge');
    expect(p.kind === 'query' && p.notes.join(' ')).not.toContain('the only measure');
  });
  it('stays off: two unknown words are not one measure', () => {
    const p = plan('how many crossings by trucks', 'bridge');
    expect(p.kind).toBe('clarify');
  });
  it('tells a name that says nothing from one that does', () => {
    const c = (name: string) => riders.dataset.columns.map((x) => ({ ...x, name, label: name }))[0]!;
    expect(['y', 'x', 'value', 'V1', 'count', 'Freq'].map((n) => saysNothing(c(n)))).toEqual([true, true, true, true, true, true]);
    expect(['flow', 'deaths', 'hp', 'mpg'].map((n) => saysNothing(c(n)))).toEqual([false, false, false, false]);
  });
});
