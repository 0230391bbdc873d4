// A word that names both a name column and a code column means the names; a short word of a
// run-together dataset name ("gas" of "ukgas") is the dataset's own word.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { isDatasetNameWord } from '../../../src/nlp/datasetName.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const births = table('births', 300, [col('region_name', 'text', 'dimension', null, null, 6, undefined), col('region_code', 'text', 'dimension', null, null, 6), col('year', 'integer', 'dimension', 1960, 2011, 52), col('rate', 'double', 'measure', 1, 8, 200)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(births, { region_name: ['Northland', 'Southmoor', 'Eastvale'], region_code: ['NTL', 'STM', 'EVL'] }, [], { wordnet })] };

describe('names over codes', () => {
  it('"which region had the highest rate in 2010" ranks the region names', () => {
    const p = planQuestion(ctx, 'Which region had the highest rate in 2010?', { dataset: 'births' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region_name']);
  });
  it('stays off: a code named as such is the code', () => {
    const p = planQuestion(ctx, 'rate by region code', { dataset: 'births' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region_code']);
  });
});

describe('short words of a run-together dataset name', () => {
  const ds = table('ukgas', 108, [col('use', 'double', 'measure', 80, 1200, 100)]);
  it('"gas" is a word of "ukgas"', () => {
    expect(isDatasetNameWord(ds, 'gas')).toBe(true);
  });
  it('stays off: two letters, or letters inside a word, are not', () => {
    expect(isDatasetNameWord(ds, 'uk')).toBe(false);
    expect(isDatasetNameWord(table('electricity', 10, []), 'tri')).toBe(false);
  });
});

describe('which labels passed, in one year', () => {
  it('"which regions had a rate above 7 in 2000" shows each region with its rate', () => {
    const p = planQuestion(ctx, 'Which regions had a rate above 7 in 2000?', { dataset: 'births' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region_name', 'rate']);
  });
  it('stays off: over all years a region has many rates, so only the names', () => {
    const p = planQuestion(ctx, 'Which regions had a rate above 7?', { dataset: 'births' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region_name']);
  });
});
