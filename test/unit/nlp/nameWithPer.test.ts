// "per" and "share" inside a column's own name ("earnings per share" → eps) ask for no breakdown and no share.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const firm = table('firm', 84, [col('date', 'date', 'time', null, null, 84, ['1960-03-31', '1980-12-31', 'quarter']), col('region', 'text', 'dimension', null, null, 4), col('eps', 'double', 'measure', 0.4, 16.2, 80)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(firm, { region: ['North', 'South', 'East', 'West'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'firm' });

describe('a column named by a phrase with "per" in it', () => {
  it('"average earnings per share" is the average of eps, answered', () => {
    const p = plan('average earnings per share');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'eps', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.dimensions).toEqual([]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"total earnings per share in 1975" sums eps over 1975, with no doubt about a share', () => {
    const p = plan('total earnings per share in 1975');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'eps', agg: 'sum' }]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "average eps per region" still breaks down by region', () => {
    const p = plan('average eps per region');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['region']);
  });

  it('"total earnings per share in 1975" in a table named after its earnings: the three words still spell eps', () => {
    const named = table('acme_earnings', 84, [col('date', 'date', 'time', null, null, 84, ['1960-03-31', '1980-12-31', 'quarter']), col('eps', 'double', 'measure', 0.4, 16.2, 80)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(named, {}, [], { wordnet })] }, 'total earnings per share in 1975', { dataset: 'acme_earnings' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'eps', agg: 'sum' }]);
  });
  it("stays off: two words with the table's own name spell no column (\"the crabs weigh\" is no cw)", () => {
    const crabs = table('crabs', 200, [col('sp', 'text', 'dimension', null, null, 2), col('cw', 'double', 'measure', 17, 54, 150)]);
    const p = planQuestion({ vocabularies: [buildVocabulary(crabs, { sp: ['B', 'O'] }, [], { wordnet })] }, 'how much do the crabs weigh', { dataset: 'crabs' });
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD && p.query.measures.some((m) => m.column === 'cw')).toBe(false);
  });
});
