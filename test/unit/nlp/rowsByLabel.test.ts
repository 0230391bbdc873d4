// A table with a column that names each row: superlatives on the word for the rows rank the rows,
// "which ones" lists them, and a figure of one row needs no aggregation named.
import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { col, table } from './catalogFixture.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;
// One row per lake: its name and its area.
const lakes = table('lakes', 40, [col('name', 'text', 'dimension', null, null, 40), col('area', 'integer', 'measure', 12, 9000, 38)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(lakes, { name: ['Superior', 'Victoria', 'Huron', 'Michigan', 'Baikal'] }, [], { wordnet })] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'lakes' });

describe('rows ranked and listed by their label', () => {
  it('"which is the largest lake" names the one lake with the largest area', () => {
    const p = plan('Which is the largest lake?');
    expect(p.kind === 'query' && p.intent).toBe('top_n');
    expect(p.kind === 'query' && p.query.dimensions[0]).toBe('name');
    expect(p.kind === 'query' && p.query.limit).toBe(1);
    expect(p.kind === 'query' && p.confidence).toBeGreaterThanOrEqual(ANSWER_THRESHOLD);
  });
  it('"what\'s the smallest lake on the list" ranks the lakes, lowest first', () => {
    const p = plan("what's the smallest lake on the list");
    expect(p.kind === 'query' && p.intent).toBe('bottom_n');
    expect(p.kind === 'query' && p.query.dimensions[0]).toBe('name');
  });
  it('"which ones have an area between 50 and 100" lists the rows', () => {
    const p = plan('Which ones have an area between 50 and 100?');
    expect(p.kind === 'query' && p.intent).toBe('list');
    expect(JSON.stringify(p.kind === 'query' && p.query.filter)).toMatch(/"column":"area","op":"between"/);
  });
  it('"list the ones with Lake in the name" shows each one\'s area beside its name', () => {
    const p = plan('list the ones with Lake in the name');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['name', 'area']);
  });
  it('"the second largest lake" is no confident answer with the largest', () => {
    const p = plan('Which is the second largest lake?');
    expect(p.kind === 'query' && p.confidence >= ANSWER_THRESHOLD).toBe(false);
  });
  it('stays off: "what is the largest area" is one figure', () => {
    const p = plan('what is the largest area');
    expect(p.kind === 'query' && p.intent).toBe('aggregate');
  });
  it('stays off: with no column naming each row, a superlative on the rows\' word ranks no label', () => {
    const readings = table('lakes', 400, [col('depth', 'double', 'measure', 1, 300, 300), col('area', 'integer', 'measure', 12, 9000, 380)]);
    const c: PlannerContext = { vocabularies: [buildVocabulary(readings, {}, [], { wordnet })] };
    const p = planQuestion(c, 'what is the largest lake', { dataset: 'lakes' });
    expect(p.kind === 'query' && p.query.dimensions.length).toBeFalsy();
  });
});
