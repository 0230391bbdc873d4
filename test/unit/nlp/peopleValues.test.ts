// In a table of people: "women" is the value female of a gender column, "earn" asks for the wage,
// and "workers" that is also the occupation "worker" is in doubt between the value and everyone.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const cps = table('cps', 534, [col('wage', 'double', 'measure', 1, 45, 300), col('age', 'integer', 'measure', 18, 64, 47), col('gender', 'text', 'dimension', null, null, 2), col('occupation', 'text', 'dimension', null, null, 6), col('ethnicity', 'text', 'dimension', null, null, 3)]);
const values = { gender: ['male', 'female'], occupation: ['worker', 'sales', 'office', 'management'], ethnicity: ['hispanic', 'cauc', 'other'] };
const ctx = { vocabularies: [buildVocabulary(cps, values, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'cps' });

describe('people, their sex, their pay', () => {
  it('"men vs women, average wage" compares the gender values male and female', () => {
    const p = plan('men vs women, average wage');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'gender', op: 'in', values: ['male', 'female'] });
  });
  it('"how many women work in sales" filters female and sales, answered', () => {
    const p = plan('How many women work in sales?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ and: [{ column: 'gender', op: 'eq', value: 'female' }, { column: 'occupation', op: 'eq', value: 'sales' }] });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"how many people earn more than $20" compares the wage', () => {
    const p = plan('how many people earn more than $20 an hour');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'wage', op: 'gt', value: 20 });
  });
  it('"how many workers are in each sector": workers may be everyone, so the answer is in doubt', () => {
    const p = plan('How many workers are in each occupation?');
    expect(p.kind === 'query' && p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off: "how many are in sales" reads the value with no doubt', () => {
    const p = plan('how many people work in sales');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'occupation', op: 'eq', value: 'sales' });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: a column of other words than male and female gets no sex words', () => {
    const other = table('teams', 40, [col('score', 'double', 'measure', 0, 100, 40), col('side', 'text', 'dimension', null, null, 2)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(other, { side: ['home', 'away'] }, [], { wordnet })] }, 'average score of women', { dataset: 'teams' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && !!p.query.filter).toBe(false);
  });
  it('"men vs women: how many are in sales" counts each sex', () => {
    const p = plan('men vs women: how many are in sales?');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['gender']);
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
  });
  it('stays off: "adults" beside the age group "Adult" is that group, with no doubt', () => {
    const ages = table('passengers', 2201, [col('age', 'text', 'dimension', null, null, 2), col('sex', 'text', 'dimension', null, null, 2), col('fare', 'double', 'measure', 0, 500, 200)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(ages, { age: ['Child', 'Adult'], sex: ['Male', 'Female'] }, [], { wordnet })] }, 'how many adults were there', { dataset: 'passengers' });
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'age', op: 'eq', value: 'Adult' });
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});

describe('earning verbs (review)', () => {
  const players = table('players', 450, [col('player', 'text', 'dimension', null, null, 450), col('team', 'text', 'dimension', null, null, 30), col('points', 'integer', 'measure', 0, 3000, 400), col('salary', 'double', 'measure', 5e5, 4e7, 440)]);
  const c = { vocabularies: [buildVocabulary(players, { team: ['Lakers', 'Bulls'] }, [], { wordnet })] };
  it('"who earns the most" is the one player with the highest salary', () => {
    const p = planQuestion(c, 'who earns the most', { dataset: 'players' });
    expect(p.kind === 'query' && p.query.orderBy[0]?.direction).toBe('desc');
    expect(p.kind === 'query' && p.query.limit).toBe(1);
  });
  it('"how much do men earn" is what a man earns on average, not the payroll', () => {
    const p = plan('how much do men earn');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'wage', agg: 'avg' }]);
  });
});

describe('"who are" asks for several (review)', () => {
  it('stays off: "who are the least expressive painters" lists more than one', () => {
    const painters = table('painters', 54, [col('painter', 'text', 'dimension', null, null, 54), col('expression', 'integer', 'measure', 0, 18, 15), col('school', 'text', 'dimension', null, null, 8)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(painters, { school: ['A', 'B'] }, [], { wordnet })] }, 'Who are the least expressive painters?', { dataset: 'painters' });
    expect(p.kind === 'query' && p.query.limit).not.toBe(1);
  });
});
