import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

// Made-up tables (not the demo data): each doubt fires on one and stays off on another, where the
// question's shape and the answer's agree.
process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const wordnet = (await loadWordNet()) ?? undefined;
const regions = ['NSW', 'VIC', 'QLD', 'WA'];
// Two date columns: the primary one (diagnosis) and one a word can name ("deaths").
const patients = catalogFromRows(
  'patients',
  'patients.csv',
  Array.from({ length: 60 }, (_, i) => ({ region: regions[i % 4], age: 20 + (i % 30), diag: `19${85 + (i % 6)}-0${1 + (i % 9)}-15`, death: `19${86 + (i % 5)}-0${1 + (i % 9)}-20` })),
  [spec('region', 'text', 'dimension'), spec('age', 'integer', 'measure'), spec('diag', 'date', 'time'), spec('death', 'date', 'time')],
);
// Hourly rows: several rows per day.
const readings = catalogFromRows(
  'readings',
  'readings.csv',
  Array.from({ length: 24 * 20 }, (_, i) => ({ stamp: new Date(Date.UTC(2020, 0, 1, i)).toISOString().slice(0, 10), heat: 10 + (i % 17) })),
  [spec('stamp', 'date', 'time'), spec('heat', 'double', 'measure')],
);
for (const c of readings.dataset.columns) if (c.name === 'stamp') c.stats = { ...c.stats!, grain: 'hour' };
// Daily rows: one row per day.
const daily = catalogFromRows(
  'daily',
  'daily.csv',
  Array.from({ length: 60 }, (_, i) => ({ day: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10), rain: i % 7 })),
  [spec('day', 'date', 'time'), spec('rain', 'double', 'measure')],
);
const harvest = catalogFromRows(
  'harvest',
  'harvest.csv',
  Array.from({ length: 40 }, (_, i) => ({ year: 1700 + i, crop: i % 5 ? 20 + i : null, pay: 5 + i / 4 })),
  [spec('year', 'integer', 'dimension'), spec('crop', 'double', 'measure'), spec('pay', 'double', 'measure')],
);
const harbours = catalogFromRows(
  'harbours',
  'harbours.csv',
  Array.from({ length: 40 }, (_, i) => ({ province: ['ON', 'QC', 'BC', 'NS'][i % 4], city: ['Lakeside', 'Hillview', 'Rivermouth', 'Stonebay', 'Oakford'][i % 5], berths: i })),
  [spec('province', 'text', 'dimension'), spec('city', 'text', 'dimension'), spec('berths', 'integer', 'measure')],
);
// Trips from a few starting points: groups of many rows.
const trips = catalogFromRows(
  'trips',
  'trips.csv',
  Array.from({ length: 200 }, (_, i) => ({ start: ['AAA', 'BBB', 'CCC', 'DDD'][i % 4], lateness: ((i * 7) % 23) - 5, length: 100 + i })),
  [spec('start', 'text', 'dimension'), spec('lateness', 'integer', 'measure'), spec('length', 'integer', 'measure')],
);
const ctx: PlannerContext = { vocabularies: [patients, readings, daily, harvest, harbours, trips].map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet })) };
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${p.kind}`);
  return p;
};
const notes = (q: string, dataset: string) => query(q, dataset).notes.join(' ');

describe('a date column a word named, which the query never reads', () => {
  it('"the 2 regions with the most deaths" answered with the only measure asks', () => {
    const p = query('Show the 2 regions with the most deaths', 'patients');
    expect(p.notes.join(' ')).toContain("'deaths' (death) was not used");
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off for the primary time column, which any time filter reads', () => {
    expect(notes('average age by region in 1989', 'patients')).not.toContain('was not used');
    expect(notes('average rain by month', 'daily')).not.toContain('was not used');
  });
});

describe('a measure named and dropped, whose figures all differ', () => {
  it('is still a dropped word (a figure, not the rows\' names): "how many years show pay" asks', () => {
    const p = query('how many years show pay', 'harvest');
    expect(p.notes.join(' ')).toContain("'pay' (pay) was not used");
  });
  it('stays off where the column is read', () => {
    expect(notes('how many years had pay above 10', 'harvest')).not.toContain('was not used');
  });
});

describe('"the most <figure> <rows>" within groups of many rows', () => {
  it('"which start had the most late trips" may count the trips: asks', () => {
    const p = query('Which start had the most late trips?', 'trips');
    expect(p.notes.join(' ')).toContain("may count the trips");
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off for a superlative adjective, and with no groups', () => {
    expect(notes('which start had the longest trips', 'trips')).not.toContain('may count');
    expect(notes('top 5 longest trips', 'trips')).not.toContain('may count');
  });
});

describe('a question about the future', () => {
  it('"what will the heat be tomorrow" is not answered with past rows as settled', () => {
    const p = query('What will the heat be tomorrow?', 'readings');
    expect(p.notes.join(' ')).toContain('the question is about the future');
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off in the past tense', () => {
    expect(notes('what was the average heat', 'readings')).not.toContain('future');
  });
});

describe('"how many days" counted as rows finer than days', () => {
  it('on hourly rows, asks', () => {
    const p = query('On how many days is heat above 20?', 'readings');
    expect(p.notes.join(' ')).toContain('each of the days asked for holds several rows');
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off on hourly rows for hours, and on daily rows for days', () => {
    expect(notes('How many hours are above 20?', 'readings')).not.toContain('holds several rows');
    const p = query('On how many days was rain above 3?', 'daily');
    expect(p.notes.join(' ')).not.toContain('holds several rows');
    expect(p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
});

describe('the column after "which" only filtered on', () => {
  it('"which province is QC in" answered with a figure asks', () => {
    const p = query('which province is QC in?', 'harbours');
    expect(p.notes.join(' ')).toContain("'province' after 'which' was asked for, but only filtered on");
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off when the column is the answer\'s rows', () => {
    expect(notes('which province has the most berths', 'harbours')).not.toContain('only filtered on');
    expect(notes('what city has the most berths in QC', 'harbours')).not.toContain('only filtered on');
  });
});
