// A word a few names carry ("the monkeys" among "owl monkey", "rhesus monkey") picks those rows.
import { describe, expect, it } from 'vitest';
import { col, table } from './catalogFixture.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { sharedWords } from '../../../src/nlp/valueParts.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const wordnet = (await loadWordNet()) ?? undefined;

const names = ['owl monkey', 'patas monkey', 'rhesus monkey', 'african elephant', 'big brown bat', 'little brown bat', 'european hedgehog', 'wombat', 'cow', 'horse', 'human', 'grey wolf'];
const zoo = table('zoo', 62, [col('name', 'text', 'dimension', null, null, 62), col('body', 'double', 'measure', 0, 6654, 60), col('brain', 'double', 'measure', 0, 5712, 60)]);
const ctx: PlannerContext = { vocabularies: [buildVocabulary(zoo, { name: names }, [])] };
const plan = (q: string) => planQuestion(ctx, q, { dataset: 'zoo' });

describe('names that carry a word', () => {
  it('"how many monkeys are there" counts the names with the word monkey, and says so', () => {
    const p = plan('how many monkeys are there');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'name', op: 'contains', value: 'monkey' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.kind === 'query' && p.notes.join(' ')).toContain("names with the word 'monkey'");
  });
  it('"average brain of the hedgehogs" filters before it averages', () => {
    const p = plan('average brain of the hedgehogs');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'name', op: 'contains', value: 'hedgehog' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'brain', agg: 'avg' }]);
  });
  it('"list all the monkeys" lists their names', () => {
    const p = plan('List all the monkeys in the data');
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['name']);
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'name', op: 'contains', value: 'monkey' });
  });
  it('"which monkey has the bigger brain" is the one name with the larger figure', () => {
    const p = plan('Which monkey has the bigger brain?');
    expect(p.kind === 'query' && p.query.limit).toBe(1);
    expect(p.kind === 'query' && p.query.orderBy[0]).toEqual({ field: 'brain', direction: 'desc' });
    const q = plan('which monkey has the smaller body');
    expect(q.kind === 'query' && q.query.orderBy[0]).toEqual({ field: 'body', direction: 'asc' });
  });
  it('"monkeys and hedgehogs" keeps the names of either kind: no name is both', () => {
    const p = plan('average brain of monkeys and hedgehogs');
    expect(p.kind === 'query' && p.query.filter).toEqual({ or: [{ column: 'name', op: 'contains', value: 'monkey' }, { column: 'name', op: 'contains', value: 'hedgehog' }] });
  });
  it('stays off: a pattern the question states is still a condition of its own', () => {
    const p = plan('average brain of monkeys whose name starts with r');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter)).not.toContain('"or"');
  });
  it('stays off: with no comparative, every such name is listed with its figure', () => {
    const p = plan('which monkeys have a brain');
    expect(p.kind === 'query' && p.query.limit).toBeFalsy();
  });
  it('stays off: a word hidden inside another name ("bat" in "wombat") is no shared word', () => {
    expect(sharedWords(names.map((n) => n.toLowerCase())).has('bat')).toBe(false);
    const p = plan('average brain of the bats');
    expect(p.kind === 'query' && JSON.stringify(p.query.filter ?? null)).not.toContain('contains');
  });
  it('stays off: a word most values carry says nothing', () => {
    expect(sharedWords(['north county', 'south county', 'east county', 'west city']).has('county')).toBe(false);
  });
  it('stays off: a word two columns share does not pick one', () => {
    const trips = table('trips', 100, [col('origin', 'text', 'dimension', null, null, 10), col('destination', 'text', 'dimension', null, null, 10), col('fare', 'double', 'measure', 5, 900, 90)]);
    const places = ['new york', 'york harbour', 'boston', 'miami', 'denver', 'austin'];
    const c: PlannerContext = { vocabularies: [buildVocabulary(trips, { origin: places, destination: places }, [])] };
    const p = planQuestion(c, 'average fare of harbours', { dataset: 'trips' });
    expect(JSON.stringify(p)).not.toContain('"contains"');
  });
});

describe('"which <name word> <measure verb> the most"', () => {
  const mammals = table('mammals', 62, [col('name', 'text', 'dimension', null, null, 62), col('sleep', 'double', 'measure', 2, 20, 50)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(mammals, { name: names }, [])] };
  it('"which monkey sleeps the most" is the one monkey, not the average sleep of monkeys', () => {
    const p = planQuestion(c, 'which monkey sleeps the most', { dataset: 'mammals' });
    expect(p.kind === 'query' && p.confidence >= 0.7 && p.query.measures.some((m) => m.agg === 'avg') && !p.query.limit).toBe(false);
    const q = planQuestion(c, 'which of the bats sleeps least', { dataset: 'mammals' });
    expect(q.kind === 'query' && q.confidence >= 0.7 && !q.query.limit).toBe(false);
  });
});

describe('sharedWords against the plain definition', () => {
  /** The definition, tested word by word against every value (quadratic): the reference. */
  const reference = (keys: string[]) => {
    const uses = new Map<string, number>();
    for (const k of keys) for (const w of new Set(k.split(' '))) if (w.length >= 3 && !/\d/.test(w) && !['the', 'and', 'for'].includes(w)) uses.set(w, (uses.get(w) ?? 0) + 1);
    return new Map([...uses].filter(([w, n]) => n <= Math.max(2, keys.length / 3) && keys.filter((k) => k.includes(w)).length === n));
  };
  it('gives the same words on random names built from a few syllables (so words hide inside others)', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const syl = ['ba', 'bat', 'wom', 'mon', 'key', 'ox', 'fox', 'owl', 'cat'];
    const word = () => Array.from({ length: 1 + rand(3) }, () => syl[rand(syl.length)]).join('');
    for (let round = 0; round < 20; round++) {
      const keys = Array.from({ length: 5 + rand(60) }, () => Array.from({ length: 1 + rand(3) }, word).join(' '));
      expect(new Map([...sharedWords(keys)].sort()), keys.join(' | ')).toEqual(new Map([...reference(keys)].sort()));
    }
  });
});

describe.skipIf(!wordnet)('a word beside a named value', () => {
  const births = table('births', 300, [col('country_name', 'text', 'dimension', null, null, 6), col('country_code', 'text', 'dimension', null, null, 6), col('year', 'integer', 'dimension', 1960, 2011, 52), col('rate', 'double', 'measure', 1, 8, 200)]);
  const c: PlannerContext = { vocabularies: [buildVocabulary(births, { country_name: ['South Africa', 'South Sudan', 'Korea, Rep.', 'Peru', 'Chad', 'India'], country_code: ['ZAF', 'SSD', 'KOR', 'PER', 'TCD', 'IND'] }, [], { wordnet })] };
  it('stays off: "South Korea" is not the names with the word south beside the code KOR (no row is both)', () => {
    const p = planQuestion(c, "What was South Korea's rate in 2010?", { dataset: 'births' });
    expect(p.kind === 'query' && JSON.stringify(p.query.filter).includes('"contains"')).toBe(false);
  });
});
