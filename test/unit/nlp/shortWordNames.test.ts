// A short column name that is itself an English word ("mag", "vol") still begins the word it shortens.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
const tremors = table('tremors', 180, [col('mag', 'double', 'measure', 5, 7.7, 30), col('vol', 'double', 'measure', 1, 90, 100), col('age', 'integer', 'measure', 1, 90, 80), col('site', 'text', 'dimension', null, null, 40)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(tremors, { site: ['north', 'south'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'tremors' });

describe('short names that are words', () => {
  it('"average magnitude" reaches mag, and says so', () => {
    const p = plan('average magnitude');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'mag', agg: 'avg' }]);
    expect(p.kind === 'query' && p.notes.join(' ')).toContain("'mag' abbreviates 'magnitude'");
  });
  it('"total volume by site" reaches vol', () => {
    const p = plan('total volume by site');
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'vol', agg: 'sum' }]);
  });
  it('stays off: letters in order are not enough for a name that is a word ("age" in "average")', () => {
    const p = plan('average');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'age')).toBe(false);
  });
  it('stays off: a word only a letter or two longer is an inflection, not an abbreviation ("ages")', () => {
    const p = plan('average agent count');
    expect(p.kind === 'query' && p.query.measures.some((m) => m.column === 'age')).toBe(false);
  });
});

describe('names of five or six letters that are words', () => {
  const trial = table('trial', 137, [col('treat', 'text', 'dimension', null, null, 2), col('stime', 'integer', 'measure', 1, 999, 100), col('status', 'integer', 'dimension', 0, 1, 2)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(trial, { treat: ['standard', 'test'] }, [], { wordnet })] };
  it('"by treatment" reaches treat', () => {
    const p = planQuestion(c, 'average stime by treatment', { dataset: 'trial' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['treat']);
  });
  it('stays off: "statuses" is only an inflection of status', () => {
    const p = planQuestion(c, 'number of statuses', { dataset: 'trial' });
    expect(p.kind === 'query' && p.notes.join(' ')).not.toContain("abbreviates 'statuses'");
  });
});
