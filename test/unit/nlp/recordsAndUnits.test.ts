// Words for records, units after numbers and numeric codes of a text column.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
// Sensor readings: a numeric event number, a station code held as text, a distance and a level.
const sensors = table('sensorlog', 180, [col('event', 'integer', 'measure', 1, 23, 23), col('station', 'text', 'dimension', null, null, 40), col('dist', 'double', 'measure', 0.5, 370, 150), col('level', 'double', 'measure', 0.003, 0.8, 120)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(sensors, { station: ['117', '1028', '5028', 'c168'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'sensorlog' });
const filter = (q: string) => {
  const p = plan(q);
  return p.kind === 'query' ? p.query.filter : p.kind;
};

describe('records, units and numeric codes', () => {
  it('"how many readings came from station 117" counts the rows of that station', () => {
    const p = plan('How many readings came from station 117?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'station', op: 'eq', value: '117' });
  });
  it('"more than 100 km away" compares the distance column, named by its unit', () => {
    expect(filter('average level for readings more than 100 km away')).toEqual({ column: 'dist', op: 'gt', value: 100 });
  });
  it('"how many readings were taken less than 10 km from the event" counts rows; the event is no figure', () => {
    const p = plan('How many readings were taken less than 10 km from the event?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'dist', op: 'lt', value: 10 });
  });
  it('"for every reading at station 5028" lists the rows', () => {
    const p = plan('Show distance and level for every reading at station 5028');
    expect(p.kind === 'query' && p.intent).toBe('list');
  });
  it('stays off: a number after a column that does not hold it is no value ("station 999")', () => {
    expect(JSON.stringify(filter('how many readings came from station 999'))).not.toContain('"999"');
  });
  it('stays off: a unit no column measures names none ("over 5 kg")', () => {
    expect(JSON.stringify(filter('how many readings over 5 kg'))).not.toContain('dist');
  });
  it('stays off: an average over every reading is one figure', () => {
    const p = plan('average level for all readings at station 5028');
    expect(p.kind === 'query' && p.intent).not.toBe('list');
  });
});

describe('people counted by a table of counts', () => {
  // A survey's cells: each row stands for Freq people, with no column about people.
  const survey = table('dwellings', 72, [col('sat', 'text', 'dimension', null, null, 3), col('kind', 'text', 'dimension', null, null, 4), col('freq', 'integer', 'measure', 3, 86, 50)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(survey, { sat: ['Low', 'Medium', 'High'], kind: ['Tower', 'Apartment', 'Atrium', 'Terrace'] }, [], { wordnet })] };
  const p = (q: string) => planQuestion(c, q, { dataset: 'dwellings' });
  it('"how many tenants were surveyed in total" sums the counts', () => {
    const r = p('How many tenants were surveyed in total?');
    expect(r.kind === 'query' && r.query.measures).toEqual([{ column: 'freq', agg: 'sum' }]);
  });
  it('"which kind of dwellings has the most tenants" ranks kinds by the summed counts', () => {
    const r = p('Which kind of dwellings has the most tenants?');
    expect(r.kind === 'query' && r.query.dimensions).toEqual(['kind']);
    expect(r.kind === 'query' && r.query.orderBy[0]).toEqual({ field: 'sum_freq', direction: 'desc' });
  });
  it('stays off: with no count column, a word for people names nothing', () => {
    const r = planQuestion(ctx, 'How many tenants were surveyed in total?', { dataset: 'sensorlog' });
    expect(r.kind).toBe('clarify');
  });
});
