// "how many of those are in a union": a question pointing back at the last answer's rows narrows
// them, and is no question of its own.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const t = table('cps', 534, [col('wage', 'double', 'measure', 1, 45, 300), col('occupation', 'text', 'dimension', null, null, 6), col('union', 'boolean', 'dimension', null, null, 2)]);
const ctx = { vocabularies: [buildVocabulary(t, { occupation: ['office', 'sales', 'management'] }, [], { wordnet })] };

describe('a follow-up about the rows just answered', () => {
  it('"how many of those are in a union" after office workers counts the office rows in a union', () => {
    const first = planQuestion(ctx, 'average wage in the office occupation', { dataset: 'cps' });
    const p = followUp(ctx, first, 'how many of those are in a union');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).toContain('office');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).toContain('union');
  });
  it('stays off: "how many are in a union" with no pointing word is a question of its own', () => {
    const first = planQuestion(ctx, 'average wage in the office occupation', { dataset: 'cps' });
    const p = followUp(ctx, first, 'how many people are in a union in total');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).not.toContain('office');
  });
  it('stays off: where each row stands for many, "how many of them survived" keeps summing the count column', () => {
    const ship = table('ship', 32, [col('class', 'text', 'dimension', null, null, 4), col('survived', 'boolean', 'dimension', null, null, 2), col('freq', 'integer', 'measure', 0, 670, 25)]);
    const c = { vocabularies: [buildVocabulary(ship, { class: ['1st', '2nd', '3rd', 'Crew'] }, [], { wordnet })] };
    const first = planQuestion(c, 'how many crew were there', { dataset: 'ship' });
    const p = followUp(c, first, 'and how many of them survived?');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'freq', agg: 'sum' }]);
  });
});
