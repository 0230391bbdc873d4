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
  it('"for every reading at station 5028" lists the rows, with the figures named', () => {
    const p = plan('Show distance and level for every reading at station 5028');
    expect(p.kind === 'query' && p.intent).toBe('list');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['dist', 'level']);
  });
  it('stays off: a number after a column that does not hold it is no value ("station 999")', () => {
    expect(JSON.stringify(filter('how many readings came from station 999'))).not.toContain('"999"');
  });
  it('stays off: a unit no column measures names none ("over 5 kg")', () => {
    expect(JSON.stringify(filter('how many readings over 5 kg'))).not.toContain('dist');
  });
  it('stays off: an average over every reading is one figure', () => {
    const p = plan('average level for all readings at station 5028');
    expect(p.kind === 'query' && p.intent).toBe('aggregate');
  });
});

describe('a unit picks the column its quantity names', () => {
  // Wind read twice: its direction in degrees and its speed.
  const wx = table('gusts', 700, [col('day', 'date', 'time', null, null, 700, ['2020-01-01', '2021-12-01', 'day']), col('wind_dir', 'integer', 'measure', 0, 359, 300), col('wind_speed', 'double', 'measure', 0, 60, 400), col('rain', 'double', 'measure', 0, 40, 200)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(wx, {}, [], { wordnet })] };
  const f = (q: string) => {
    const p = planQuestion(c, q, { dataset: 'gusts' });
    return p.kind === 'query' ? { filter: p.query.filter, confidence: p.confidence } : { filter: p.kind, confidence: 0 };
  };
  it('"wind over 40 mph" compares the wind speed, not its direction', () => {
    expect(f('how many days had wind over 40 mph').filter).toEqual({ column: 'wind_speed', op: 'gt', value: 40 });
  });
  it('stays off: "wind over 40" with no unit is not confidently either wind column', () => {
    const r = f('how many days had wind over 40');
    expect(r.confidence >= 0.7 && JSON.stringify(r.filter).includes('wind_dir')).toBe(false);
  });
});

describe('people and a table of counts', () => {
  // Counts of orders per region and product: the count is of orders, not of people.
  const orders = table('orderbook', 72, [col('region', 'text', 'dimension', null, null, 4), col('product', 'text', 'dimension', null, null, 6), col('n', 'integer', 'measure', 3, 86, 50)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(orders, { region: ['North', 'South', 'East', 'West'], product: ['Pens', 'Ink'] }, [], { wordnet })] };
  it('stays off: "which region has the most customers" does not sum a count of something else', () => {
    const r = planQuestion(c, 'Which region has the most customers?', { dataset: 'orderbook' });
    expect(r.kind === 'query' && r.confidence >= 0.7).toBe(false);
  });
  it('stays off: "how many tests were done" over daily totals is not the rows', () => {
    const swabs = table('swabs', 90, [col('day', 'date', 'time', null, null, 90, ['2021-01-01', '2021-03-31', 'day']), col('positives', 'integer', 'measure', 0, 40, 30), col('performed', 'integer', 'measure', 50, 400, 80)]);
    const cc: PlannerContext = { vocabularies: [buildVocabulary(swabs, {}, [], { wordnet })] };
    const r = planQuestion(cc, 'how many tests were done in March', { dataset: 'swabs' });
    expect(r.kind === 'query' && r.confidence >= 0.7 && r.query.measures[0]?.agg === 'count' && !r.query.measures[0]?.column).toBe(false);
  });
});
