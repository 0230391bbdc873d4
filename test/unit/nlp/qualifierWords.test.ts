// "sodium content", "humidity level", "glass type": words that say how a column is spoken of.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

const lab = table('lab', 214, [col('sodium', 'double', 'measure', 10, 17, 180), col('humidity', 'double', 'measure', 30, 90, 60), col('type', 'text', 'dimension', null, null, 6), col('site', 'text', 'dimension', null, null, 4)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(lab, { type: ['float', 'head', 'tableware'], site: ['north', 'south'] }, [])] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'lab' });

describe('words that qualify a column', () => {
  it('a measurement head noun after the column: "average sodium content", "the humidity level"', () => {
    for (const q of ['What is the average sodium content?', 'average humidity level']) {
      const p = plan(q);
      expect(p.kind, q).toBe('query');
      expect(p.kind === 'query' && p.notes.join(' '), q).not.toContain('ignored');
    }
  });
  it('"the amount of sodium by site"', () => {
    const p = plan('the average amount of sodium by site');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'sodium', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['site']);
  });
  it('the thing a column of kinds classifies: "average sodium by glass type" groups by type', () => {
    const p = plan('average sodium by glass type');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['type']);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(0.7);
  });
  it('stays off: an unknown word before a column that classifies nothing still asks', () => {
    expect(plan('average sodium by glass site').kind).toBe('clarify');
  });
  it('stays off: a head noun with no column beside it is still unknown', () => {
    expect(plan('average content of the lab').kind).toBe('clarify');
  });
});

describe.skipIf(!wordnet)('a unit after "in", and units of computing', () => {
  const cpus = table('cpus', 209, [col('name', 'text', 'identifier', null, null, 209), col('cache', 'integer', 'measure', 0, 256, 30), col('memory', 'integer', 'measure', 64, 64000, 60)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(cpus, { name: ['ADVISOR 32/60', 'AMDAHL 470V/7'] }, [], { wordnet })] };
  it('"what is the mean memory, in KB?" and "more than 64 KB of cache"', () => {
    const p = planQuestion(c, 'What is the mean memory, in KB?', { dataset: 'cpus' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'memory', agg: 'avg' }]);
    const q = planQuestion(c, 'How many machines have more than 64 KB of cache?', { dataset: 'cpus' });
    expect(q.kind === 'query' && q.query.filter).toEqual({ column: 'cache', op: 'gt', value: 64 });
  });
  it('"list the machines whose cache is above 100" lists the rows', () => {
    const p = planQuestion(c, 'List the machines whose cache is above 100', { dataset: 'cpus' });
    expect(p.kind === 'query' && p.query.dimensions[0]).toBe('name');
  });
  it('stays off: a unit word with no "in" before it and no number is still unknown', () => {
    expect(planQuestion(c, 'average kb of the machines', { dataset: 'cpus' }).kind).toBe('clarify');
  });
});

describe('stays off: money said after "in" is not taken on trust', () => {
  it('"the average claim amount in dollars" over a count of claims still asks', () => {
    const ins = table('insurance', 64, [col('district', 'integer', 'dimension', 1, 4, 4), col('holders', 'integer', 'measure', 3, 3582, 60), col('claims', 'integer', 'measure', 0, 400, 50)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(ins, {}, [])] };
    expect(planQuestion(c, 'What is the average claims amount in dollars?', { dataset: 'insurance' }).kind).toBe('clarify');
  });
});

describe.skipIf(!wordnet)('stays off: a word that is not what a column of kinds classifies', () => {
  // The types are kinds of car (WordNet knows them): "engine type" asks about something the table does not hold.
  const cars = table('cars', 400, [col('model', 'text', 'identifier', null, null, 400), col('type', 'text', 'dimension', null, null, 5), col('price', 'double', 'measure', 9000, 90000, 380)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(cars, { type: ['sedan', 'suv', 'wagon', 'sports car', 'pickup truck'] }, [], { wordnet })] };
  it('"average price by engine type" asks instead of grouping by the type of car', () => {
    for (const q of ['average price by engine type', 'average price by fuel type', 'what is the average price for each kind of engine']) expect(planQuestion(c, q, { dataset: 'cars' }).kind, q).toBe('clarify');
  });
  it('"average price by vehicle type" is still the type: a sedan is a kind of vehicle', () => {
    const p = planQuestion(c, 'average price by vehicle type', { dataset: 'cars' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['type']);
  });
});
