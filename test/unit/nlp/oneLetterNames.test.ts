// A table whose columns are named by one letter each ("B", "V", "N", "Y"): each letter is the initial of a word.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
// A field trial: F(ield), C(rop), A(dditive) and H(arvest), each one letter.
const trial = table('fieldtrial', 60, [col('f', 'text', 'dimension', null, null, 5), col('c', 'text', 'dimension', null, null, 3), col('a', 'text', 'dimension', null, null, 4), col('h', 'integer', 'measure', 50, 180, 55)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(trial, { f: ['I', 'II', 'III', 'IV', 'V'], c: ['Oats', 'Rye', 'Barley'], a: ['none', 'low', 'mid', 'high'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'fieldtrial' });

describe('one-letter column names as initials', () => {
  it('"average harvest by crop" reads h and c, shown with a question back: one letter is thin evidence', () => {
    const p = plan('average harvest by crop');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'h', agg: 'avg' }]);
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['c']);
    expect(p.kind === 'query' && p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('stays off confidently: "which field is the hottest" is no confident reading of h', () => {
    const p = plan('which field is the hottest');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('says so once, however many words were read as initials', () => {
    const p = plan('total harvest for each field');
    expect(p.kind === 'query' && p.notes.find((n) => n.startsWith('understood'))?.match(/one-letter name, read as the initial/g)?.length).toBe(2);
    expect(p.kind === 'query' && p.notes.find((n) => n.startsWith('not sure'))?.match(/initial/g)?.length).toBe(1);
  });
  it('stays off: a word the lexicon knows is no initial ("average" is not a)', () => {
    const p = plan('average harvest');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'h', agg: 'avg' }]);
  });
  it('stays off: one one-letter column among named ones is no code of initials', () => {
    const mixed = table('mixed', 60, [col('y', 'double', 'measure', 1, 10, 50), col('region', 'text', 'dimension', null, null, 3), col('weight', 'double', 'measure', 1, 9, 50)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(mixed, { region: ['north', 'south', 'west'] }, [], { wordnet })] };
    const p = planQuestion(c, 'average yardage by region', { dataset: 'mixed' });
    expect(p.kind === 'query' && p.notes.join(' ')).not.toContain('read as the initial');
  });
});
