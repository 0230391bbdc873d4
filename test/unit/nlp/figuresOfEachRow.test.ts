// "the 3 highest wages and the occupation for each": the column is told of each figure's row, so
// the rows are ranked, not the occupations by their average.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const t = table('wages1985', 534, [col('wage', 'double', 'measure', 1, 45, 300), col('occupation', 'text', 'dimension', null, null, 6), col('sector', 'text', 'dimension', null, null, 3)]);
const ctx = { vocabularies: [buildVocabulary(t, { occupation: ['worker', 'sales', 'management'], sector: ['other', 'construction'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'wages1985' });

describe("figures told with their rows' columns", () => {
  it('"the 3 highest hourly wages and the occupation for each" lists the 3 rows, in a table named after wages', () => {
    const p = plan('show the 3 highest hourly wages and the occupation for each');
    expect(p.kind === 'query' && p.intent).toBe('list');
    expect(p.kind === 'query' && p.query.orderBy).toEqual([{ field: 'wage', direction: 'desc' }]);
    expect(p.kind === 'query' && p.query.dimensions).toContain('occupation');
    expect(p.kind === 'query' && p.query.limit).toBe(3);
  });
  it('stays off: "top 3 occupations by wage" ranks occupations', () => {
    const p = plan('top 3 occupations by wage');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['occupation']);
  });
});
