// A filter on a figure per group (HAVING): readings that fire, and row filters that must stay row filters.
import { describe, expect, it } from 'vitest';
import { planQuestion, type PlannerContext, type QueryPlan } from '../../../src/nlp/plan.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** Made-up tables: one row per postcode; one per film; one per country and year; monthly readings. */
const postcodes = table('postcodes', 40000, [col('postcode', 'integer', 'identifier', 501, 99950, 40000), col('town', 'text', 'dimension', null, null, 19000), col('province', 'text', 'dimension', null, null, 52)]);
const films = table('films', 3000, [col('title', 'text', 'identifier', null, null, 3000), col('genre', 'text', 'dimension', null, null, 12), col('rating', 'double', 'measure', 1, 10, 90), col('gross', 'double', 'measure', 0, 9e8, 2900)]);
const nations = table('nations', 1700, [col('country', 'text', 'dimension', null, null, 140), col('year', 'integer', 'dimension', 1952, 2007, 12), col('life_expectancy', 'double', 'measure', 20, 85, 1600), col('population', 'double', 'measure', 1e5, 1e9, 1700)]);
const readings = table('readings', 800, [col('taken', 'date', 'time', null, null, 800, ['1958-03-01', '2020-12-01', 'month']), col('level', 'double', 'measure', 300, 420, 700)]);
const storms = table('storms', 600, [col('year', 'integer', 'dimension', 1900, 2019, 120), col('region', 'text', 'dimension', null, null, 5), col('deaths', 'integer', 'measure', 0, 300000, 400)]);
const wordnet = (await loadWordNet()) ?? undefined;
const ctx: PlannerContext = { vocabularies: [postcodes, films, nations, readings, storms].map((ds) => buildVocabulary(ds, { genre: ['drama', 'comedy'] }, [], wordnet ? { wordnet } : {})) };
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  expect(p.kind, JSON.stringify(p)).toBe('query');
  return p as QueryPlan;
};

describe.skipIf(!wordnet)('a filter on a figure per group', () => {
  it('"<groups> with more than N <rows>": a count per group, kept above N', () => {
    const p = query('provinces with more than 1,000 postcodes', 'postcodes');
    expect(p.query).toMatchObject({ dimensions: ['province'], measures: [{ agg: 'count' }], having: [{ measure: 'count', op: 'gt', value: 1000 }] });
    expect(p.query.filter).toBeUndefined();
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    expect(query('which genres have over 50 films', 'films').query).toMatchObject({ dimensions: ['genre'], having: [{ measure: 'count', op: 'gt', value: 50 }] });
  });

  it('"how many <groups> have …": the number of groups that pass', () => {
    const p = query('how many provinces have more than 1,000 postcodes', 'postcodes');
    expect(p.query).toMatchObject({ dimensions: ['province'], countGroups: true, having: [{ measure: 'count', op: 'gt', value: 1000 }] });
  });

  it('an aggregate word qualifying the compared measure compares the group\'s aggregate', () => {
    const p = query('countries whose average life expectancy is above 70', 'nations');
    expect(p.query).toMatchObject({ dimensions: ['country'], measures: [{ column: 'life_expectancy', agg: 'avg' }], having: [{ measure: 'avg_life_expectancy', op: 'gt', value: 70 }] });
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
    const years = query('which years averaged above 400', 'readings');
    expect(years.query).toMatchObject({ time: { grain: 'year' }, measures: [{ column: 'level', agg: 'avg' }], having: [{ measure: 'avg_level', op: 'gt', value: 400 }] });
    expect(years.notes.join(' ')).not.toContain("ignored 'averaged'");
  });
});

describe.skipIf(!wordnet)('a filter on a figure per group: look-alikes that stay row filters', () => {
  it('a comparison on a measure of each row ("films with a rating above 8")', () => {
    const p = query('which films have a rating above 8', 'films');
    expect(p.query.having).toBeUndefined();
    expect(p.query.filter).toEqual({ column: 'rating', op: 'gt', value: 8 });
  });

  it('"more than N" filtering rows for another figure ("average rating of films with a gross above 1000000")', () => {
    const p = query('average rating of films with a gross above 1000000', 'films');
    expect(p.query.having).toBeUndefined();
    expect(p.query.filter).toEqual({ column: 'gross', op: 'gt', value: 1000000 });
  });

  it('the dataset\'s word qualifying a measure after the number ("over 1000 storm deaths") compares each row\'s figure', () => {
    const p = query('how many years had over 1000 storm deaths', 'storms');
    expect(p.query.having).toBeUndefined();
    expect(p.query.filter).toEqual({ column: 'deaths', op: 'gt', value: 1000 });
  });

  it('a unit as fine as the rows ("how many months had a level above 400" in monthly data) counts rows', () => {
    const p = query('how many months had a level above 400', 'readings');
    expect(p.query.having).toBeUndefined();
    expect(p.query.filter).toEqual({ column: 'level', op: 'gt', value: 400 });
  });
});

describe.skipIf(!wordnet)('"in total" after the compared figure: the sum per group', () => {
  // storms: several rows a year and a region.
  it('"how many years had more than 3000 deaths in total" counts the years whose sum passes, not rows above 3000', () => {
    const p = query('how many years had more than 3000 deaths in total', 'storms');
    expect(p.query).toMatchObject({ dimensions: ['year'], measures: [{ column: 'deaths', agg: 'sum' }], having: [{ measure: 'sum_deaths', op: 'gt', value: 3000 }], countGroups: true });
    expect(p.query.filter).toBeUndefined();
  });
  it('stays off: rows that are each one period keep the row filter ("how many months … in total" on monthly readings)', () => {
    const p = query('how many months had a level above 400 in total', 'readings');
    expect(p.query.having).toBeUndefined();
    // A year and a month column, one row for each pair: a month is a row, not one of twelve groups.
    const monthly = table('monthly', 480, [col('year', 'integer', 'dimension', 1980, 2019, 40), col('month', 'integer', 'dimension', 1, 12, 12), col('deaths', 'integer', 'measure', 0, 5000, 300)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(monthly, {}, [], { wordnet })] };
    const m = planQuestion(c, 'how many months had more than 3000 deaths in total', { dataset: 'monthly' });
    expect(m.kind === 'query' && m.query.having).toBeFalsy();
  });
});
