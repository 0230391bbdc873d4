// Asking once about an adjective of degree: the reply names the end of a column's scale, keeps the
// question's ranking, and teaches the adjective in all its degrees.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

const wordnet = (await loadWordNet()) ?? undefined;
const logs = table('logs', 200, [col('dbh', 'double', 'measure', 8, 60, 180), col('len', 'double', 'measure', 2, 30, 150), col('site', 'text', 'dimension', null, null, 5)]);
const opts = wordnet ? { wordnet } : {};
const ctx: PlannerContext = { vocabularies: [buildVocabulary(logs, { site: ['North', 'South'] }, [], opts)] };

describe.skipIf(!wordnet)('asking once about an adjective of degree', () => {
  it('asks which end of which column, and the reply ranks by it and teaches the plain adjective', () => {
    const c = planQuestion(ctx, 'the 3 thickest logs', { dataset: 'logs' });
    expect(c.kind).toBe('clarify');
    if (c.kind !== 'clarify') return;
    expect(c.unknownTerms).toEqual(['thickest']);
    expect(c.options).toContain('highest dbh');
    expect(c.options).toContain('lowest dbh');
    const p = followUp(ctx, c, 'highest dbh');
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.orderBy[0]).toMatchObject({ direction: 'desc' });
    expect(p.query.limit).toBe(3);
    expect(p.learned).toEqual([{ datasetName: 'logs', phrase: 'thick', target: { kind: 'column', column: 'dbh', end: 'high' } }]);

    const taught: PlannerContext = { vocabularies: [buildVocabulary(logs, { site: ['North', 'South'] }, p.learned, opts)] };
    const thicker = planQuestion(taught, 'how many logs are thicker than 20', { dataset: 'logs' });
    expect(thicker.kind === 'query' && thicker.query.filter).toEqual({ column: 'dbh', op: 'gt', value: 20 });
    const lessThick = planQuestion(taught, 'how many logs are less thick than 20', { dataset: 'logs' });
    expect(lessThick.kind === 'query' && lessThick.query.filter).toEqual({ column: 'dbh', op: 'lt', value: 20 });
    // WordNet's opposite of the learned adjective names the other end.
    const thinnest = planQuestion(taught, 'the thinnest log', { dataset: 'logs' });
    expect(thinnest.kind === 'query' && thinnest.query.orderBy[0]).toMatchObject({ direction: 'asc' });
  });

  it('a bare column name in reply to a superlative asks which end, then ranks', () => {
    const c = planQuestion(ctx, 'the 3 thickest logs', { dataset: 'logs' });
    const p = followUp(ctx, c, 'dbh');
    expect(p).toMatchObject({ kind: 'clarify', options: ['highest dbh', 'lowest dbh'], unknownTerms: ['thickest'] });
    const q = followUp(ctx, p, 'lowest dbh');
    expect(q.kind === 'query' && q.query.orderBy[0]).toMatchObject({ direction: 'asc' });
    expect(q.kind === 'query' && q.learned?.[0]?.target).toEqual({ kind: 'column', column: 'dbh', end: 'low' });
  });

  it('a word for people is never learned as a column: it names the rows', () => {
    const clinic = table('clinic', 300, [col('days', 'double', 'measure', 1, 900, 250), col('dose', 'double', 'measure', 1, 50, 40)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(clinic, {}, [], opts)] };
    const q = planQuestion(c, 'average patients', { dataset: 'clinic' });
    expect(q).toMatchObject({ kind: 'clarify', unknownTerms: ['patients'] });
    const p = followUp(c, q, 'days');
    expect(p.kind !== 'clarify' && p.learned).toBeFalsy();
  });
});
