import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

// Made-up tables (not the demo data): each reading doubt fires on one question and stays off on
// a question of another shape, or on another table, where there is only one reading.
process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });
const wordnet = (await loadWordNet()) ?? undefined;
// Two-letter codes, some of them also English function words.
const levels = catalogFromRows(
  'levels',
  'levels.csv',
  ['ON', 'QC', 'BC', 'NS', 'PE', 'NB', 'MB', 'SK', 'AB', 'NL', 'YT', 'IN', 'OR', 'ME'].map((prov, i) => ({ prov, level: 0.1 + i / 100 })),
  [spec('prov', 'text', 'dimension'), spec('level', 'double', 'measure')],
);
// A place name that is both a district and a region.
const sites = catalogFromRows(
  'sites',
  'sites.csv',
  Array.from({ length: 60 }, (_, i) => ({ district: ['Kent', 'Avon', 'Dorset', 'Essex', 'Surrey', 'Devon'][i % 6], region: ['Kent', 'North', 'West'][i % 3], code: 1000 + i })),
  [spec('district', 'text', 'dimension'), spec('region', 'text', 'dimension'), spec('code', 'integer', 'measure')],
);
// One row per year and quarter; and one row per firm and quarter, with no year.
const macro = catalogFromRows(
  'macro',
  'macro.csv',
  Array.from({ length: 80 }, (_, i) => ({ year: 1960 + Math.floor(i / 4), quarter: 1 + (i % 4), jobless: 4 + ((i * 13) % 17) / 3 })),
  [spec('year', 'integer', 'dimension'), spec('quarter', 'integer', 'dimension'), spec('jobless', 'double', 'measure')],
);
const firms = catalogFromRows(
  'firms',
  'firms.csv',
  Array.from({ length: 40 }, (_, i) => ({ firm: `F${i % 10}x`, quarter: 1 + (i % 4), sales: 10 + ((i * 7) % 13) })),
  [spec('firm', 'text', 'dimension'), spec('quarter', 'integer', 'dimension'), spec('sales', 'double', 'measure')],
);
const weather = catalogFromRows(
  'weather',
  'weather.csv',
  Array.from({ length: 60 }, (_, i) => ({ day: new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10), heat: 10 + (i % 17), breeze: i % 9 })),
  [spec('day', 'date', 'time'), spec('heat', 'double', 'measure'), spec('breeze', 'double', 'measure')],
);
const ctx: PlannerContext = { vocabularies: [levels, sites, macro, firms, weather].map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet })) };
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${p.kind}`);
  return p;
};
const notes = (q: string, dataset: string) => query(q, dataset).notes.join(' ');

describe('a code that is also a function word, in a list of codes', () => {
  it('"levels for QC, OR and BC" asks: OR may be a code', () => {
    const p = query('Show levels for QC, OR and BC', 'levels');
    expect(p.notes.join(' ')).toContain("'or' in the list may be a value of prov");
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off for "QC or BC" (no list), and on a table with no such code', () => {
    expect(notes('levels for QC or BC', 'levels')).not.toContain('in the list');
    expect(notes('average code for Avon, Dorset or Essex', 'sites')).not.toContain('in the list');
  });
});

describe('"<column>s in <a value of that column>"', () => {
  it('"districts in Kent" with Kent read as a district asks', () => {
    const p = query('districts in Kent', 'sites');
    expect(p.notes.join(' ')).toContain("'kent' was read as a district itself");
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off when the value is of another column, or follows its own column ("region Kent")', () => {
    expect(notes('districts in region North', 'sites')).not.toContain('itself');
    expect(notes('average code in region Kent', 'sites')).not.toContain('itself');
  });
});

describe('a part of the year ranked across years', () => {
  it('"which quarter had the highest jobless" with one row per year and quarter asks', () => {
    const p = query('Which quarter had the highest jobless?', 'macro');
    expect(p.notes.join(' ')).toContain('the quarters were ranked across all years');
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off with an aggregation named, for the year itself, and where no year column is beside it', () => {
    expect(notes('which quarter has the highest average jobless', 'macro')).not.toContain('ranked across');
    expect(notes('which year had the highest jobless', 'macro')).not.toContain('ranked across');
    expect(notes('which quarter had the highest sales', 'firms')).not.toContain('ranked across');
  });
});

describe('a yes/no question joining two figures by "when"', () => {
  it('"does heat rise when breeze rises" asks', () => {
    const p = query('does heat rise when breeze rises', 'weather');
    expect(p.notes.join(' ')).toContain('may ask how they move together');
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off for one figure, and for a question that is not yes/no', () => {
    expect(notes('is heat higher when breeze is above 5', 'weather')).not.toContain('move together');
    expect(notes('average heat and breeze when heat is above 15', 'weather')).not.toContain('move together');
  });
});
