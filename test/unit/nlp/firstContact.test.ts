// Readings added after a first run on new blind tuning sets; each has a case where it must stay off.
import { describe, expect, it } from 'vitest';
import type { CatalogDataset } from '../../../src/shared/catalog.js';
import { col } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { stemFamily } from '../../../src/nlp/wordnet/relations.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** A made-up clinic table: one row per visit of a person, no column naming the rows. */
const visits = (span: [string, string]): CatalogDataset => ({
  id: 'v',
  name: 'visits',
  label: 'visits.csv',
  tableName: 'visits',
  rowCount: 500,
  columns: [
    col('taken', 'timestamp', 'time', null, null, 500, [span[0], span[1], 'hour']),
    col('age', 'integer', 'measure', 18, 90, 70),
    col('weight', 'double', 'measure', 40, 150, 400),
    col('unemployed', 'double', 'measure', 0, 40, 300),
    col('smoke', 'text', 'dimension', null, null, 3),
    col('hypertension', 'integer', 'measure', 0, 1, 2),
    col('armed_forces', 'double', 'measure', 100, 400, 300),
  ],
});
const values = { smoke: ['never', 'current', 'former'] };
const wordnet = (await loadWordNet()) ?? undefined;
const ctxOf = (ds: CatalogDataset): PlannerContext => ({ vocabularies: [buildVocabulary(ds, values, [], wordnet ? { wordnet } : {})] });
const oneYear = ctxOf(visits(['2010-01-01T00:00:00', '2010-12-31T23:00:00']));
const twoYears = ctxOf(visits(['2009-01-01T00:00:00', '2010-12-31T23:00:00']));
const plan = (q: string, ctx = oneYear) => planQuestion(ctx, q, { dataset: 'visits' });

describe.skipIf(!wordnet)('first-contact readings', () => {
  it('ties words of one stem that WordNet defines by each other, not by spelling alone', () => {
    expect(stemFamily(wordnet!, 'weight')).toContain('weigh');
    expect(stemFamily(wordnet!, 'unemployed')).toContain('unemployment');
    // An agent noun names a person, not the property ("counter" is defined as one who counts).
    expect(stemFamily(wordnet!, 'count')).not.toContain('counter');
    // "employee" shares the stem, but WordNet defines it as a worker, not by "employed".
    expect(stemFamily(wordnet!, 'employed')).not.toContain('employee');
  });

  it('reaches a column from its verb or noun form ("weigh", "unemployment"), a similar adjective, or a whole-name synonym', () => {
    const w = plan('how many visits weigh more than 80');
    expect(w.kind).toBe('query');
    if (w.kind === 'query') expect(w.query.filter).toEqual({ column: 'weight', op: 'gt', value: 80 });
    const m = plan('average military');
    expect(m.kind).toBe('query');
    if (m.kind === 'query') expect(m.query.measures).toEqual([{ column: 'armed_forces', agg: 'avg' }]);
    const j = plan('average jobless');
    expect(j.kind).toBe('query');
    if (j.kind === 'query') expect(j.query.measures).toEqual([{ column: 'unemployed', agg: 'avg' }]);
    const u = plan('average unemployment');
    expect(u.kind).toBe('query');
    if (u.kind === 'query') expect(u.query.measures).toEqual([{ column: 'unemployed', agg: 'avg' }]);
  });

  it('counts the rows where a yes/no column holds, not its two distinct values', () => {
    const p = plan('how many patients had hypertension');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.query.filter).toEqual({ column: 'hypertension', op: 'eq', value: 1 });
  });

  it('reads a word for people as the rows, but not one built on a column or value ("smokers")', () => {
    const p = plan('how many patients are in the study');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.measures).toEqual([{ agg: 'count' }]);
      expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    }
    // Rows of firms' figures are no people, whatever a question calls them.
    const firms: CatalogDataset = { ...visits(['2009-01-01T00:00:00', '2010-12-31T23:00:00']), columns: [col('firm', 'text', 'dimension', null, null, 10), col('invest', 'double', 'measure', 1, 900, 200)] };
    const f = planQuestion(ctxOf(firms), 'how many employees are there', { dataset: 'visits' });
    expect(f.kind === 'clarify' || f.confidence < ANSWER_THRESHOLD).toBe(true);
    const s = plan('how many smokers are there');
    expect(s.kind === 'clarify' || s.confidence < ANSWER_THRESHOLD).toBe(true);
  });

  it('reads a change between the two ends of a span as their difference, not a figure over the span', () => {
    const p = plan('how much did the average weight grow between March 2010 and June 2010');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.contrast).toMatchObject({ a: { range: { from: '2010-06-01', to: '2010-07-01' } }, b: { range: { from: '2010-03-01', to: '2010-04-01' } } });
    const trend = plan('how did the average weight change by month');
    expect(trend.kind).toBe('query');
    if (trend.kind === 'query') expect(trend.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });

  it('groups data within one year by the month of the year, and keeps dated months across years', () => {
    const p = plan('average weight for each month');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.time).toMatchObject({ by: 'month' });
    const q = plan('average weight for each month', twoYears);
    expect(q.kind).toBe('query');
    if (q.kind === 'query') expect(q.query.time).toMatchObject({ grain: 'month' });
  });

  it('ranks groups by the average of a measured property named by a superlative', () => {
    const p = plan('top 3 heaviest months');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ column: 'weight', agg: 'avg' }]);
    expect(p.query.orderBy[0]).toEqual({ field: 'avg_weight', direction: 'desc' });
    const other = followUp(oneYear, p, 'and the 3 lightest?');
    expect(other.kind).toBe('query');
    if (other.kind === 'query') expect(other.query.measures).toEqual([{ column: 'weight', agg: 'avg' }]);
    // The measure named right after its adjective asks for the extreme itself.
    const named = plan('lightest weight recorded for each month');
    expect(named.kind).toBe('query');
    if (named.kind === 'query') expect(named.query.measures).toEqual([{ column: 'weight', agg: 'min' }]);
    const said = plan('the 3 months with the highest maximum weight');
    if (said.kind === 'query') expect(said.query.measures).not.toEqual([{ column: 'weight', agg: 'avg' }]);
  });

  it('counts integer codes of things asked in the plural, and sums a count column', () => {
    const plots: CatalogDataset = {
      ...visits(['2009-01-01T00:00:00', '2010-12-31T23:00:00']),
      rowCount: 400,
      columns: [col('plot', 'integer', 'measure', 1, 40, 40), col('children', 'integer', 'measure', 0, 5, 6), col('yield', 'double', 'measure', 1, 9, 300)],
    };
    const ctx = ctxOf(plots);
    const p = planQuestion(ctx, 'how many plots are there', { dataset: 'visits' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'plot', agg: 'count_distinct' }]);
    const c = planQuestion(ctx, 'how many children', { dataset: 'visits' });
    expect(c.kind).toBe('query');
    if (c.kind === 'query') expect(c.query.measures).toEqual([{ column: 'children', agg: 'sum' }]);
  });

  it('reads "across all" as the whole, and swaps a follow-up\'s value in on the column the earlier answer filtered', () => {
    const places: CatalogDataset = {
      ...visits(['2009-01-01T00:00:00', '2010-12-31T23:00:00']),
      columns: [col('country', 'text', 'dimension', null, null, 3), col('state', 'text', 'dimension', null, null, 3), col('sales', 'double', 'measure', 1, 9, 300)],
    };
    const ctx: PlannerContext = { vocabularies: [buildVocabulary(places, { country: ['Georgia', 'France', 'Spain'], state: ['Texas', 'Georgia', 'Ohio'] }, [], wordnet ? { wordnet } : {})] };
    // "across all …" scopes the whole of each column: no split.
    const all = planQuestion(ctx, 'total sales across all countries and states', { dataset: 'visits' });
    expect(all.kind).toBe('query');
    if (all.kind === 'query') expect(all.query.dimensions).toEqual([]);
    const by = planQuestion(ctx, 'total sales for all countries by state', { dataset: 'visits' });
    if (by.kind === 'query') expect(by.query.dimensions).toEqual(['state']);
    const first = planQuestion(ctx, 'total sales in Texas', { dataset: 'visits' });
    expect(first.kind).toBe('query');
    const next = followUp(ctx, first, 'and Georgia?');
    expect(next.kind).toBe('query');
    if (next.kind === 'query') expect(next.query.filter).toEqual({ column: 'state', op: 'eq', value: 'Georgia' });
  });
});

