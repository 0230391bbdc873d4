// "journals published by societies": after a participle, "by" a yes/no column names who did it (a
// filter), not a split; "average price by society" still splits.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const t = table('journals', 180, [col('title', 'text', 'dimension', null, null, 180), col('publisher', 'text', 'dimension', null, null, 57), col('society', 'boolean', 'dimension', null, null, 2), col('price', 'double', 'measure', 20, 2500, 150)]);
const ctx = { vocabularies: [buildVocabulary(t, { publisher: ['Elsevier', 'Wiley'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'journals' });

describe('"by" a yes/no column after a participle', () => {
  it('"how many journals are published by societies" counts the society journals, answered', () => {
    const p = plan('How many journals are published by societies?');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'society', op: 'eq', value: true });
    expect(p.kind === 'query' && p.query.dimensions).toEqual([]);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('stays off: "average price by society" splits by the column', () => {
    const p = plan('average price by society');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['society']);
  });
});

describe('"by" after a participle that asks for a split', () => {
  const tips = table('tips', 244, [col('total_bill', 'double', 'measure', 3, 50, 229), col('tip', 'double', 'measure', 1, 10, 123), col('smoker', 'boolean', 'dimension', null, null, 2), col('day', 'text', 'dimension', null, null, 4)]);
  const c = { vocabularies: [buildVocabulary(tips, { day: ['Thur', 'Fri', 'Sat', 'Sun'] }, [], { wordnet })] };
  it.each(['average tip grouped by smoker and day', 'average tip compared by smoker'])('stays off (review): "%s" still splits by smoker', (q) => {
    const p = planQuestion(c, q, { dataset: 'tips' });
    expect(p.kind === 'query' && p.query.dimensions).toContain('smoker');
  });
});
