import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { ANSWER_THRESHOLD } from '../../../src/nlp/confidence.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { catalogFromRows, type ColSpec } from '../../fixtures/nlp/demoCatalogs.js';

// Small made-up tables (not the demo data): a summary table whose rows stand for many people, a
// table of fractions, and a table of one row per place.
process.env.DOTENV_CONFIG_QUIET = 'true';
const spec = (name: string, type: ColSpec['type'], role: ColSpec['role']): ColSpec => ({ source: name, name, type, role });

const voyage = catalogFromRows(
  'voyage',
  'voyage.csv',
  ['a', 'b', 'c'].flatMap((cabin, i) => [
    { cabin, sex: 'male', saved: true, headcount: 10 + i },
    { cabin, sex: 'male', saved: false, headcount: 40 + i },
    { cabin, sex: 'female', saved: true, headcount: 30 + i },
    { cabin, sex: 'female', saved: false, headcount: 5 + i },
  ]),
  [spec('cabin', 'text', 'dimension'), spec('sex', 'text', 'dimension'), spec('saved', 'boolean', 'dimension'), spec('headcount', 'integer', 'measure')],
);
const places = ['north', 'south', 'east', 'west', 'centre', 'coast', 'hills', 'lakes'];
const shares = catalogFromRows(
  'shares',
  'shares.csv',
  places.map((place, i) => ({ place, share: 0.1 + i * 0.03, sales: 100 * (i + 1) })),
  [spec('place', 'text', 'dimension'), spec('share', 'double', 'measure'), spec('sales', 'integer', 'measure')],
);
const savings = catalogFromRows(
  'regionalsavings',
  'regionalsavings.csv',
  places.map((place, i) => ({ place, sr: 5.5 + i / 3 })),
  [spec('place', 'text', 'dimension'), spec('sr', 'double', 'measure')],
);
const clubs = catalogFromRows(
  'citysavings',
  'citysavings.csv',
  places.map((place, i) => ({ place, dues: 10 + i, fee: 3 * i })),
  [spec('place', 'text', 'dimension'), spec('dues', 'double', 'measure'), spec('fee', 'double', 'measure')],
);
// WordNet tells an English noun ("savings") from an unknown word, as in the running server.
const wordnet = (await loadWordNet()) ?? undefined;
const harvests = catalogFromRows(
  'harvests',
  'harvests.csv',
  Array.from({ length: 40 }, (_, i) => ({ year: 1600 + 5 * i, crop: 20 + (i % 7), pay: 5 + i / 4 })),
  [spec('year', 'integer', 'dimension'), spec('crop', 'double', 'measure'), spec('pay', 'double', 'measure')],
);
const numbered = catalogFromRows(
  'numbered',
  'numbered.csv',
  Array.from({ length: 24 }, (_, i) => ({ zone: 1 + (i % 4), sales: 10 * i })),
  [spec('zone', 'integer', 'measure'), spec('sales', 'double', 'measure')],
);
const voyage2 = catalogFromRows(
  'voyage2',
  'voyage2.csv',
  Array.from({ length: 20 }, (_, i) => ({ sex: i % 2 ? 'M' : 'F', age: 20 + i })),
  [spec('sex', 'text', 'dimension'), spec('age', 'integer', 'measure')],
);
// Terse names that a phrase with the dataset's own name in it would spell ("limpets weigh" → lw).
const limpets = catalogFromRows(
  'limpets',
  'limpets.csv',
  Array.from({ length: 30 }, (_, i) => ({ lw: 10 + i, ll: 20 + (i % 7), kind: ['a', 'b'][i % 2] })),
  [spec('lw', 'double', 'measure'), spec('ll', 'double', 'measure'), spec('kind', 'text', 'dimension')],
);
const ctx: PlannerContext = { vocabularies: [voyage, shares, savings, clubs, harvests, numbered, voyage2, limpets].map((d) => buildVocabulary(d.dataset, d.dimensionValues, [], { wordnet })) };
const query = (q: string, dataset: string) => {
  const p = planQuestion(ctx, q, { dataset });
  if (p.kind !== 'query') throw new Error(`expected a query for '${q}', got ${p.kind}`);
  return p;
};

describe('a yes/no column named in a question is a filter', () => {
  it('"how many were saved" counts the rows where it holds, through the count column', () => {
    const p = query('how many were saved?', 'voyage');
    expect(p.query.filter).toEqual({ column: 'saved', op: 'eq', value: true });
    expect(p.query.measures).toEqual([{ column: 'headcount', agg: 'sum' }]);
  });
  it('a negation flips it', () => {
    const p = query("how many females weren't saved", 'voyage');
    expect(JSON.stringify(p.query.filter)).toContain('{"column":"saved","op":"eq","value":false}');
  });
  it('both sides named ("saved vs not saved") split the answer by it', () => {
    const p = query('headcount saved vs not saved', 'voyage');
    expect(p.query.dimensions).toEqual(['saved']);
    expect(JSON.stringify(p.query.filter ?? null)).not.toContain('saved');
  });
  it('"by saved" still groups by it', () => {
    expect(query('headcount by saved', 'voyage').query.dimensions).toEqual(['saved']);
  });
});

describe('a percentage against a column of fractions is scaled to it', () => {
  it('"above 20%" reads as 0.2', () => {
    const p = query('places with a share above 20%', 'shares');
    expect(p.query.filter).toEqual({ column: 'share', op: 'gt', value: 0.2 });
  });
  it('"below 0.5%" reads as 0.005', () => {
    const p = query('places with a share below 0.5%', 'shares');
    expect(p.query.filter).toEqual({ column: 'share', op: 'lt', value: 0.005 });
  });
  it('a plain number is left as said', () => {
    const p = query('places with sales above 300', 'shares');
    expect(p.query.filter).toEqual({ column: 'sales', op: 'gt', value: 300 });
  });
});

describe('"which" before a singular column word asks for one row', () => {
  it('"lowest sales — which place?" gives the one place', () => {
    const p = query('lowest sales — which place?', 'shares');
    expect(p.query.limit).toBe(1);
  });
});

describe('what was linked but not used lowers the confidence below the threshold', () => {
  it('rows counted when nothing asked for a count (the other word is only part of the dataset name)', () => {
    const p = query('savings by place', 'citysavings');
    expect(p.query.measures).toEqual([{ agg: 'count' }]);
    expect(p.notes.join(' ')).toContain('rows were counted, though no count was asked for');
    expect(p.confidence).toBeLessThan(ANSWER_THRESHOLD);
  });
  it('a counted question is not doubted for counting', () => {
    const p = query('how many places', 'citysavings');
    expect(p.notes.join(' ')).not.toContain('rows were counted');
  });
});

describe('a terse column name is reached from the words it is the initials of', () => {
  it('"savings rate" → sr', () => {
    const p = query('savings rate by place', 'regionalsavings');
    expect(p.query.measures.map((m) => m.column)).toEqual(['sr']);
    expect(p.notes.join(' ')).toContain("'sr' is the initials of 'savings rate'");
  });
  it('not with the dataset\'s own name in the phrase: "how much do the limpets weigh" is no lw', () => {
    expect(JSON.stringify(planQuestion(ctx, 'How much do the limpets weigh?', { dataset: 'limpets' }))).not.toContain('initials');
    expect(query('average limb width by kind', 'limpets').query.measures).toEqual([{ column: 'lw', agg: 'avg' }]);
  });
  it('a phrase starting with a cue word is not read as initials', () => {
    const p = planQuestion(ctx, 'sum rows by place', { dataset: 'regionalsavings' });
    expect(JSON.stringify(p)).not.toContain('initials');
  });
});

describe('a year column that starts before 1800', () => {
  it('"how did pay move from 1700 to 1800" is a series over those years, not a filter on pay', () => {
    const p = query('how did pay move from 1700 to 1800?', 'harvests');
    expect(p.intent).toBe('trend');
    expect(p.query.filter).toEqual({ column: 'year', op: 'between', values: [1700, 1800] });
    expect(p.query.dimensions).toEqual(['year']);
  });
  it('"how has pay changed since 1750" and "how has pay changed" are series too: one end of the span, or all of it', () => {
    for (const q of ['how has pay changed since 1750?', 'How has pay changed?']) {
      const p = query(q, 'harvests');
      expect(p.intent, q).toBe('trend');
      expect(p.query.dimensions, q).toEqual(['year']);
    }
  });
});

describe('follow-ups', () => {
  it('"how many is that?" counts the rows of the answer before it', () => {
    const first = query('places with sales above 300', 'shares');
    const p = followUp(ctx, first, 'how many is that?');
    expect(p.kind === 'query' && p.query).toMatchObject({ measures: [{ agg: 'count' }], dimensions: [], filter: { column: 'sales', op: 'gt', value: 300 } });
  });
  it('"only the X ones" with no answer before it is not given as settled', () => {
    const p = planQuestion(ctx, 'only the female ones', { dataset: 'voyage' });
    expect(p.kind === 'clarify' || p.confidence < ANSWER_THRESHOLD).toBe(true);
  });
});

describe('words that only say which data', () => {
  it('a word of the dataset name before a column ("regional sr") is not unknown', () => {
    const p = query('average regional savings rate', 'regionalsavings');
    expect(p.query.measures.map((m) => m.column)).toEqual(['sr']);
  });
  it('"top 2 cabins by number of people" ranks by a count, not by a column named number', () => {
    const p = query('top 2 cabins by number of people', 'voyage');
    expect(p.query).toMatchObject({ dimensions: ['cabin'], limit: 2, measures: [{ column: 'headcount', agg: 'sum' }] });
    expect(p.query.orderBy).toEqual([{ field: 'sum_headcount', direction: 'desc' }]);
  });
  it('a word in the middle of a dataset-name word is not that word ("aves" in "regionalsavings")', () => {
    const p = planQuestion(ctx, 'average aves by place', { dataset: 'regionalsavings' });
    expect(p.kind === 'clarify' ? p.unknownTerms : []).toContain('aves');
  });
});

describe('codes named the way people say them', () => {
  it('"zone 1 and zone 2": codes after a column noun filter a column of few whole numbers', () => {
    const p = query('compare sales in zone 1 and zone 2', 'numbered');
    expect(p.query.filter).toEqual({ column: 'zone', op: 'in', values: [1, 2] });
    expect(p.query.dimensions).toEqual(['zone']);
  });
  it('a code said twice is one filter', () => {
    const p = query('total sales in zone 2 and zone 2', 'numbered');
    expect(p.query.filter).toEqual({ column: 'zone', op: 'eq', value: 2 });
  });
  it('"women" reads as the F code of a sex column', () => {
    const p = query('how many women', 'voyage2');
    expect(p.query.filter).toEqual({ column: 'sex', op: 'eq', value: 'F' });
  });
});

describe('numbers in ranking and comparison phrases', () => {
  it('"3 places with the lowest sales": the count before the noun is the ranking size', () => {
    const p = query('3 places with the lowest sales', 'shares');
    expect(p.query).toMatchObject({ dimensions: ['place'], limit: 3 });
    expect(p.query.orderBy[0]?.direction).toBe('asc');
  });
  it('"younger than 30" compares the age column', () => {
    const p = query('how many were younger than 30', 'voyage2');
    expect(p.query.filter).toEqual({ column: 'age', op: 'lt', value: 30 });
  });
  it('"per 100" is the unit of a rate, not a filter', () => {
    const p = query('places with sales above 300 per 100 people', 'shares');
    expect(p.query.filter).toEqual({ column: 'sales', op: 'gt', value: 300 });
  });
});

describe('"which" before a numeric column of few values', () => {
  it('"which zone has the highest sales" ranks the zones, it does not sum them', () => {
    const p = query('which zone has the highest sales?', 'numbered');
    expect(p.query).toMatchObject({ dimensions: ['zone'], limit: 1, measures: [{ column: 'sales' }] });
  });
});

describe('numeric columns of few values group when asked to', () => {
  it('"sales by zone" splits by the zones', () => {
    expect(query('average sales by zone', 'numbered').query.dimensions).toEqual(['zone']);
  });
  it('"the lowest sales place" asks for one place', () => {
    expect(query('what is the lowest sales place?', 'shares').query.limit).toBe(1);
  });
});
