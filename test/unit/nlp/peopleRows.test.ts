// A word for people names the rows of a table of people's records wherever it stands, and what
// it implies is counted: "how many patients older than 70", "which state has the most patients".
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import type { CatalogDataset } from '../../../src/shared/catalog.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const ctxOf = (ds: CatalogDataset, values: Record<string, string[]> = {}): PlannerContext => ({ vocabularies: [buildVocabulary(ds, values, [], wordnet ? { wordnet } : {})] });

// One row per patient: no label column, person attributes (sex, smoker).
const clinic = table('clinic', 300, [
  col('age', 'integer', 'measure', 18, 90, 70),
  col('weight', 'double', 'measure', 40, 140, 250),
  col('sex', 'text', 'dimension', null, null, 2),
  col('region', 'text', 'dimension', null, null, 4),
  col('visits', 'integer', 'measure', 0, 30, 31),
]);
const values = { sex: ['male', 'female'], region: ['north', 'south', 'east', 'west'] };
const plan = (q: string) => planQuestion(ctxOf(clinic, values), q, { dataset: 'clinic' });

describe.skipIf(!wordnet)('a word for people names the rows of a table of people', () => {
  it('after its filter: "patients older than 70: how many?" counts the rows over 70', () => {
    const p = plan('patients older than 70: how many?');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.query.filter).toMatchObject({ column: 'age', op: 'gt', value: 70 });
  });

  it('inside a figure: "average weight of patients older than 70" averages over the rows over 70', () => {
    const p = plan('average weight of patients older than 70');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ column: 'weight', agg: 'avg' }]);
    expect(p.query.filter).toMatchObject({ column: 'age', op: 'gt', value: 70 });
  });

  it('"which region has the most patients" ranks regions by their rows', () => {
    const p = plan('which region has the most patients');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.query.dimensions).toEqual(['region']);
    expect(p.query.limit).toBe(1);
  });

  it('"how many patients had more than 10 visits" counts patients, not visits', () => {
    const p = plan('how many patients had more than 10 visits');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.query.filter).toMatchObject({ column: 'visits', op: 'gt', value: 10 });
  });

  it('stays off: "women" beside a sex column is a filter the chat cannot place, not all the rows', () => {
    const p = plan('average weight of women');
    expect(p.kind === 'clarify' || (p.kind === 'query' && JSON.stringify(p.query.filter ?? null).includes('female'))).toBe(true);
  });

  it('stays off: two words for people ("doctors and nurses") are not both the rows', () => {
    const p = plan('average age of doctors and nurses');
    expect(p.kind).toBe('clarify');
  });

  it('stays off: in a table of things, a word for people is not the rows', () => {
    const shop = table('shop', 500, [col('price', 'double', 'measure', 1, 900, 400), col('category', 'text', 'dimension', null, null, 5)]);
    const p = planQuestion(ctxOf(shop, { category: ['toys', 'books'] }), 'average price for customers older than 30', { dataset: 'shop' });
    expect(p.kind).toBe('clarify');
  });
});

describe('initials are of one phrase', () => {
  it('never across punctuation: "fold their arms? Give counts" is no column "ag"', () => {
    const survey = table('survey', 200, [col('ag', 'integer', 'measure', 16, 70, 40), col('fold', 'text', 'dimension', null, null, 3)]);
    const p = planQuestion(ctxOf(survey, { fold: ['left', 'right', 'neither'] }), 'how do they fold their arms? give counts', { dataset: 'survey' });
    const used = p.kind === 'query' ? JSON.stringify(p.query) : '';
    expect(used).not.toContain('"ag"');
  });
  it('never ending on a function word: "contain any barium at all" is no column "ca" nor "ba"', () => {
    const glass = table('glass', 214, [col('ca', 'double', 'measure', 5, 17, 180), col('ba', 'double', 'measure', 0, 3, 30), col('kind', 'text', 'dimension', null, null, 6)]);
    const p = planQuestion(ctxOf(glass, { kind: ['head', 'window'] }), 'how many samples contain any barium at all?', { dataset: 'glass' });
    expect(JSON.stringify(p)).not.toContain("'ca' is the initials");
    expect(JSON.stringify(p)).not.toContain("'ba' is the initials");
  });
  it('stays off: "the average age of the fathers" in a table of mothers asks', () => {
    const births = table('births', 189, [col('age', 'integer', 'measure', 14, 45, 24), col('smoke', 'integer', 'measure', 0, 1, 2), col('race', 'text', 'dimension', null, null, 3), col('bwt', 'integer', 'measure', 709, 4990, 131)]);
    const c = ctxOf(births, { race: ['white', 'black', 'other'] });
    expect(planQuestion(c, 'What is the average age of the fathers?', { dataset: 'births' }).kind).toBe('clarify');
    const mothers = planQuestion(c, "What's the mean age of the mothers?", { dataset: 'births' });
    expect(mothers.kind === 'query' && mothers.query.measures).toEqual([{ column: 'age', agg: 'avg' }]);
  });
  it('stays off: a role ("managers") is a part of the rows a column may hold, not the rows', () => {
    const staff = table('staff', 400, [col('salary', 'double', 'measure', 20000, 200000, 380), col('education', 'text', 'dimension', null, null, 5), col('sex', 'text', 'dimension', null, null, 2), col('department', 'text', 'dimension', null, null, 8)]);
    const p = planQuestion(ctxOf(staff, { sex: ['male', 'female'], department: ['sales', 'it'] }), 'average salary of managers', { dataset: 'staff' });
    expect(p.kind).toBe('clarify');
  });
});

describe.skipIf(!wordnet)('the rows of a table of groups', () => {
  const ships = table('ships', 40, [col('type', 'text', 'dimension', null, null, 5), col('service', 'integer', 'measure', 0, 44882, 36), col('incidents', 'integer', 'measure', 0, 58, 20)]);
  const voyage = table('voyage', 32, [col('class', 'text', 'dimension', null, null, 4), col('sex', 'text', 'dimension', null, null, 2), col('survived', 'boolean', 'dimension', null, null, 2), col('freq', 'integer', 'measure', 0, 670, 22)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(ships, { type: ['A', 'B'] }, [], wordnet ? { wordnet } : {}), buildVocabulary(voyage, { class: ['1st', '2nd', '3rd', 'Crew'], sex: ['Male', 'Female'] }, [], wordnet ? { wordnet } : {})] };
  it('"in how many of the groups were there more than 10 incidents" counts the rows', () => {
    const p = planQuestion(c, 'In how many of the groups were there more than 10 incidents?', { dataset: 'ships' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
  it('"number of people by class" in a table of counts sums the count column', () => {
    const p = planQuestion(c, 'Number of people by class', { dataset: 'voyage' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'freq', agg: 'sum' }]);
  });
  it('stays off: a 0–4 code called "num" is no count of people ("how many patients have chol above 240" counts rows, with its doubt)', () => {
    const heart = table('heart', 303, [col('age', 'integer', 'measure', 29, 77, 41), col('sex', 'integer', 'measure', 0, 1, 2), col('chol', 'integer', 'measure', 126, 564, 152), col('num', 'integer', 'measure', 0, 4, 5)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(heart, {}, [], wordnet ? { wordnet } : {})] }, 'how many patients have chol above 240', { dataset: 'heart' });
    if (p.kind === 'query') expect(p.query.measures).not.toEqual([{ column: 'num', agg: 'sum' }]);
  });
});
