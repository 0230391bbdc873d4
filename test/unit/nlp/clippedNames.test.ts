import { describe, expect, it } from 'vitest';
import type { CatalogColumn, CatalogDataset, ColumnRole, SqlType } from '../../../src/shared/catalog.js';
import { linkEntities } from '../../../src/nlp/link.js';
import { planQuestion, type PlannerContext } from '../../../src/nlp/plan.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { distinctiveWords } from '../../../src/nlp/valueParts.js';
import { pieceMatch } from '../../../src/nlp/pieceMatch.js';
import { parseTimePhrases } from '../../../src/nlp/timePhrases.js';
import { tokenize } from '../../../src/nlp/tokenize.js';
import { buildVocabulary, splitLabel } from '../../../src/nlp/vocabulary.js';
import { loadWordNet } from '../../../src/chat/wordnetSource.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** A made-up table of regions with terse, clipped and run-together column names (no demo data). */
function col(name: string, type: SqlType, role: ColumnRole, min: number | null, max: number | null, distinct: number, label = name): CatalogColumn {
  return {
    name,
    label,
    type,
    role,
    position: 0,
    stats: { nullCount: 0, distinctCount: distinct, distinctApprox: false, min, max, mean: null, stddev: null, quantiles: null, topValues: null, minTime: null, maxTime: null, grain: null, integralShare: type === 'integer' ? 1 : 0, nonNegative: true },
  };
}
const regions: CatalogDataset = {
  id: 'r',
  name: 'regions',
  label: 'regions.csv',
  tableName: 'regions',
  rowCount: 40,
  columns: [
    col('area', 'text', 'identifier', null, null, 40),
    col('year', 'integer', 'dimension', 1950, 1999, 40),
    col('life_exp', 'double', 'measure', 60, 80, 40, 'Life Exp'),
    col('hs_grad', 'double', 'measure', 30, 70, 40, 'HS Grad'),
    col('coutax', 'integer', 'measure', 400, 1000, 40),
    col('perpoverty', 'double', 'measure', 5, 25, 40),
    col('t_categ', 'text', 'dimension', null, null, 4, 'T.categ'),
    col('coastal', 'integer', 'measure', 0, 1, 2),
    col('min_price', 'double', 'measure', 1, 50, 40, 'Min.Price'),
    col('price', 'double', 'measure', 2, 60, 40, 'Price'),
    col('max_price', 'double', 'measure', 3, 70, 40, 'Max.Price'),
  ],
};
const values = { area: ['Edinburgh City', 'Glasgow City', 'Dundee City', 'North Fife', 'South Fife', 'Angus'], t_categ: ['blood', 'hs', 'other', 'id'] };
// With WordNet, as the server builds it: superlatives ("cheapest") reach their adjective through its lemmas.
const wordnet = (await loadWordNet()) ?? undefined;
const vocab = buildVocabulary(regions, values, [], wordnet ? { wordnet } : {});
const targetOf = (q: string) => linkEntities(tokenize(q).tokens, vocab).links.map((l) => l.candidates[0]!.target);
const ctx: PlannerContext = { vocabularies: [vocab] };

describe('clipped and run-together column names', () => {
  it('reach a column from the full words said, recording how', () => {
    expect(targetOf('life expectancy')).toEqual([{ kind: 'column', column: 'life_exp' }]);
    expect(targetOf('high school graduation')).toEqual([{ kind: 'column', column: 'hs_grad' }]);
    expect(targetOf('council tax')).toEqual([{ kind: 'column', column: 'coutax' }]);
    expect(targetOf('poverty')).toEqual([{ kind: 'column', column: 'perpoverty' }]);
    expect(targetOf('transmission category')).toEqual([{ kind: 'column', column: 't_categ' }]);
    const link = linkEntities(tokenize('council tax').tokens, vocab).links[0]!;
    expect(link.candidates[0]!.via).toContain('runs together');
    expect(link.match).toBe('abbreviation');
  });
  it('does not reach them from words that only share letters', () => {
    expect(targetOf('average council')).toEqual([]);
    expect(targetOf('in tax')).toEqual([]);
    expect(targetOf('expectancy')).toEqual([]);
    expect(targetOf('tax')).toEqual([]);
  });
});

describe('the distinctive word of a value', () => {
  it('is the one word beside words that many values share', () => {
    const keys = ['edinburgh city', 'glasgow city', 'dundee city', 'north fife', 'south fife', 'angus'];
    const got = distinctiveWords(keys);
    expect([...got.keys()].sort()).toEqual(['dundee', 'edinburgh', 'glasgow']);
    // "fife" is shared by two values only: "north" and "south" stay unlinked on their own.
    expect(got.has('north')).toBe(false);
    expect(targetOf('edinburgh')).toEqual([{ kind: 'value', column: 'area', value: 'Edinburgh City' }]);
  });
});

describe('decades, centuries and possessives', () => {
  it('reads the 1990s as ten years and the 1600s as a century', () => {
    const t = (q: string) => parseTimePhrases(tokenize(q).tokens, { anchor: 'data', latest: '2000-01-01', earliestYear: 1500 });
    expect(t('in the 1990s').range).toEqual({ from: '1990-01-01', to: '2000-01-01' });
    expect(t("in the 1600's").range).toEqual({ from: '1600-01-01', to: '1700-01-01' });
    expect(tokenize('5s').tokens[0]!.yearSpan).toBeUndefined();
  });
  it('sets two decades side by side, a row each, rather than merge them', () => {
    const p = planQuestion(ctx, 'average council tax in the 1950s compared with the 1960s', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.yearBucket?.size ?? p.query.time?.grain).toBe('decade');
    expect(JSON.stringify(p.query.filter)).toContain('1959');
    expect(JSON.stringify(p.query.filter)).toContain('1960');
  });
  it("reads a possessive as its owner, but keeps contractions", () => {
    expect(tokenize("Edinburgh's council tax").tokens[0]!.key).toBe('edinburgh');
    expect(tokenize("what's the tax").tokens[0]!.key).toBe('whats');
  });
});

describe('rows named first', () => {
  it('lists the rows that pass a comparison ("areas with …")', () => {
    const p = planQuestion(ctx, 'areas with a poverty rate above 20', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.dimensions).toEqual(['area', 'perpoverty']);
    expect(p.query.measures).toEqual([]);
    expect(p.query.filter).toEqual({ column: 'perpoverty', op: 'gt', value: 20 });
  });
});

describe('0/1 columns and follow-ups', () => {
  it('reads a 0/1 column named by its own word as a yes/no filter', () => {
    const p = planQuestion(ctx, 'average council tax in coastal areas', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.filter).toEqual({ column: 'coastal', op: 'eq', value: 1 });
  });
  it('applies the flag in a follow-up, and asks about a number the follow-up cannot place', () => {
    const first = planQuestion(ctx, 'average council tax by t categ', { dataset: 'regions' });
    expect(first.kind).toBe('query');
    const only = followUp(ctx, first, 'only the coastal ones');
    expect(only.kind).toBe('query');
    if (only.kind === 'query') {
      expect(only.query.filter).toEqual({ column: 'coastal', op: 'eq', value: 1 });
      expect(only.query.measures).toEqual(first.kind === 'query' ? first.query.measures : []);
    }
    expect(followUp(ctx, first, 'what about at 7?').kind).toBe('clarify');
  });
  it('lowers a follow-up whose words it did not use below the answer threshold', () => {
    const first = planQuestion(ctx, 'average council tax by t categ', { dataset: 'regions' });
    const f = followUp(ctx, first, 'only the larger ones in edinburgh');
    expect(f.kind).toBe('query');
    if (f.kind === 'query' && first.kind === 'query') {
      expect(f.confidence).toBeLessThan(first.confidence * 0.95);
      expect(f.notes.join(' ')).toContain("ignored 'larger'");
    }
  });
  it('reads "2007 with 2009" as two years side by side', () => {
    const p = planQuestion(ctx, 'compare the average council tax in 1960 with 1970', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.filter).toEqual({ column: 'year', op: 'in', values: [1960, 1970] });
      expect(p.query.dimensions).toEqual(['year']);
    }
  });
});

describe('scale adjectives and dotted names', () => {
  it("splits R's dotted names but still drops a file extension", () => {
    expect(splitLabel('Min.Price')).toEqual(['min', 'price']);
    expect(splitLabel('T.categ')).toEqual(['t', 'categ']);
    expect(splitLabel('sales.csv')).toEqual(['sales']);
  });
  it('orders by the plain column a scale adjective names, in one word or two', () => {
    for (const [q, dir] of [['the 3 cheapest areas', 'asc'], ['which area is the most expensive', 'desc'], ['the least expensive area', 'asc']] as const) {
      const p = planQuestion(ctx, q, { dataset: 'regions' });
      expect(p.kind, q).toBe('query');
      if (p.kind !== 'query') continue;
      expect(p.query.dimensions, q).toEqual(['area']);
      expect(p.query.measures[0]?.column, q).toBe('price');
      expect(p.query.orderBy[0]?.direction, q).toBe(dir);
    }
  });
});

describe('words for a measure\'s figures', () => {
  it('reads "council tax level" and "the price of ..." as the measure itself', () => {
    const p = planQuestion(ctx, 'average council tax level', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'coutax', agg: 'avg' }]);
  });
  it('reads plural figures over a period as one figure per year', () => {
    const p = planQuestion(ctx, 'show the council tax levels in the 1950s', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.dimensions).toEqual(['year']);
      expect(p.query.filter).toEqual({ column: 'year', op: 'between', values: [1950, 1959] });
    }
  });
  it('reads a misspelt aggregation word as that aggregation', () => {
    const p = planQuestion(ctx, 'avrage council tax', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.measures).toEqual([{ column: 'coutax', agg: 'avg' }]);
  });
});

describe('a table with one column per month', () => {
  const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
  const wide: CatalogDataset = {
    id: 'w',
    name: 'sea_temps',
    label: 'sea_temps.csv',
    tableName: 'sea_temps',
    rowCount: 60,
    columns: [col('year', 'integer', 'dimension', 1950, 2009, 60, 'YEAR'), ...months.map((m) => col(m.toLowerCase(), 'double', 'measure', 18, 29, 60, m))],
  };
  const wctx: PlannerContext = { vocabularies: [buildVocabulary(wide, {}, [], wordnet ? { wordnet } : {})] };
  it('reads a month as its column and the noun after it as what the columns hold', () => {
    const p = planQuestion(wctx, 'What was the December temperature in 1997?', { dataset: 'sea_temps' });
    expect(p.kind).toBe('query');
    if (p.kind !== 'query') return;
    expect(p.query.measures.map((m) => m.column)).toEqual(['dec']);
    expect(p.query.filter).toEqual({ column: 'year', op: 'eq', value: 1997 });
  });
  it('compares a month column with a number', () => {
    const p = planQuestion(wctx, 'How many years had a December temperature above 24 degrees?', { dataset: 'sea_temps' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') expect(p.query.filter).toEqual({ column: 'dec', op: 'gt', value: 24 });
  });
});

describe('ranking the rows themselves', () => {
  const fish: CatalogDataset = {
    id: 'f',
    name: 'catches',
    label: 'catches.csv',
    tableName: 'catches',
    rowCount: 150,
    columns: [col('length', 'double', 'measure', 10, 90, 120), col('kind', 'text', 'dimension', null, null, 3)],
  };
  const fctx: PlannerContext = { vocabularies: [buildVocabulary(fish, { kind: ['pike', 'perch', 'carp'] }, [], wordnet ? { wordnet } : {})] };
  it('lists the one longest row, or as many as asked, with every column', () => {
    const one = planQuestion(fctx, 'what is the longest length?', { dataset: 'catches' });
    expect(one.kind).toBe('query');
    if (one.kind === 'query') {
      expect(one.intent).toBe('list');
      expect(one.query.limit).toBe(1);
      expect(one.query.orderBy).toEqual([{ field: 'length', direction: 'desc' }]);
    }
    // Five rows asked of three kinds: the rows, not the kinds.
    const five = planQuestion(fctx, 'show the 5 longest lengths and their kind', { dataset: 'catches' });
    expect(five.kind).toBe('query');
    if (five.kind === 'query') {
      expect(five.intent).toBe('list');
      expect(five.query.limit).toBe(5);
      expect(five.query.dimensions).toEqual(['length', 'kind']);
    }
  });
});

describe('elapsed time, ordinals and orderings', () => {
  const growth: CatalogDataset = {
    id: 'g',
    name: 'growth',
    label: 'growth.csv',
    tableName: 'growth',
    rowCount: 500,
    columns: [col('weight', 'integer', 'measure', 30, 400, 200), col('time', 'integer', 'measure', 0, 21, 12, 'Time'), col('plant', 'integer', 'measure', 1, 50, 50, 'Plant'), col('class', 'text', 'dimension', null, null, 3, 'Class')],
  };
  const gctx: PlannerContext = { vocabularies: [buildVocabulary(growth, { class: ['1st', '2nd', '3rd'] }, [], wordnet ? { wordnet } : {})] };
  const plan = (q: string) => planQuestion(gctx, q, { dataset: 'growth' });
  it('reads "day 21" as a value of the elapsed-time column, and "after day 10" as a comparison', () => {
    const p = plan('average weight on day 21');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'time', op: 'eq', value: 21 });
    const q = plan('average weight after day 10');
    expect(q.kind === 'query' && q.query.filter).toEqual({ column: 'time', op: 'gt', value: 10 });
    const r = plan('how does the average weight change from day to day?');
    expect(r.kind === 'query' && r.query.dimensions).toEqual(['time']);
    expect(r.kind === 'query' && r.query.orderBy).toEqual([{ field: 'time', direction: 'asc' }]);
  });
  it('ranks the code column after "which", even when a superlative comes later', () => {
    const p = plan('which plant was the heaviest on day 21?');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.dimensions).toEqual(['plant']);
      expect(p.query.limit).toBe(1);
      expect(p.query.filter).toEqual({ column: 'time', op: 'eq', value: 21 });
    }
  });
  it('links an ordinal value, and reads "largest first" as every row in order', () => {
    const p = plan('average weight in 3rd class');
    expect(p.kind === 'query' && p.query.filter).toEqual({ column: 'class', op: 'eq', value: '3rd' });
    const all = plan('total weight of each class, largest first');
    expect(all.kind).toBe('query');
    if (all.kind === 'query') {
      expect(all.intent).toBe('top_n');
      expect(all.query.limit).toBeUndefined();
      expect(all.query.orderBy[0]?.direction).toBe('desc');
    }
  });
});

describe('one-letter codes and negated flags', () => {
  const looms: CatalogDataset = {
    id: 'l',
    name: 'looms',
    label: 'looms.csv',
    tableName: 'looms',
    rowCount: 54,
    columns: [col('breaks', 'integer', 'measure', 10, 70, 30), col('wool', 'text', 'dimension', null, null, 2), col('tension', 'text', 'dimension', null, null, 3), col('coastal', 'integer', 'measure', 0, 1, 2)],
  };
  const lctx: PlannerContext = { vocabularies: [buildVocabulary(looms, { wool: ['A', 'B'], tension: ['L', 'M', 'H'] }, [], wordnet ? { wordnet } : {})] };
  const plan = (q: string) => planQuestion(lctx, q, { dataset: 'looms' });
  it('reads a one-letter value only right after its column word', () => {
    const p = plan('average breaks for wool A at tension M');
    expect(p.kind === 'query' && p.query.filter).toEqual({ and: [{ column: 'wool', op: 'eq', value: 'A' }, { column: 'tension', op: 'eq', value: 'M' }] });
    // "a" alone is an article, never the wool.
    const q = plan('what is a typical number of breaks');
    expect(q.kind === 'query' ? q.query.filter ?? null : null).toBeNull();
  });
  it('reads "not in" and "outside" before a 0/1 column as its "no"', () => {
    for (const text of ['total breaks not in the coastal ones', 'total breaks outside the coastal']) {
      const p = plan(text);
      expect(p.kind === 'query' && p.query.filter, text).toEqual({ column: 'coastal', op: 'eq', value: 0 });
    }
  });
});

describe('rules that must stay off where they do not apply', () => {
  it('keeps "from" as membership, and a function word out of a run-together name', () => {
    const g = planQuestion(ctx, 'average council tax from t categ blood', { dataset: 'regions' });
    expect(g.kind === 'query' ? JSON.stringify(g.query.filter) : '').not.toContain('gte');
    const v = buildVocabulary({ ...regions, columns: [...regions.columns, col('income', 'integer', 'measure', 1, 9, 40)] }, values);
    expect(pieceMatch(['income', 'of', 'men'], v)).toEqual([]);
  });
  it('reads "the 2000s" as a decade and "2015\'s" as a year', () => {
    const t = (q: string) => parseTimePhrases(tokenize(q).tokens, { anchor: 'data', latest: '2030-01-01' });
    expect(t('in the 2000s').range).toEqual({ from: '2000-01-01', to: '2010-01-01' });
    expect(tokenize("2015's total").tokens[0]!.formatted).toBeFalsy();
  });
  it('leaves a scale adjective in its plain form unknown, so the question asks', () => {
    expect(planQuestion(ctx, 'average council tax of cheap areas', { dataset: 'regions' }).kind).toBe('clarify');
  });
  it('averages a 0/1 column when a mean is asked of it alone', () => {
    const p = planQuestion(ctx, 'average coastal by t categ', { dataset: 'regions' });
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.filter ?? null).toBeNull();
      expect(p.query.measures).toEqual([{ column: 'coastal', agg: 'avg' }]);
    }
  });
  it('reads "by more than" as an amount, not a grouping', () => {
    const p = planQuestion(ctx, 'how many areas had council tax up by more than 500', { dataset: 'regions' });
    expect(p.kind === 'clarify' ? p.message : '').not.toContain("can't break this down");
  });
  it('ranks groups when more are asked than exist but the groups come first', () => {
    const p = planQuestion(ctx, 'top 5 t categ by council tax', { dataset: 'regions' });
    expect(p.kind === 'query' && p.intent).toBe('top_n');
  });
});

describe('parts of the calendar across years', () => {
  const dateCol = col('day', 'date', 'time', null, null, 1000);
  dateCol.stats = { ...dateCol.stats!, minTime: '2015-01-01', maxTime: '2017-12-31', grain: 'day' };
  const visits: CatalogDataset = { id: 'v', name: 'visits', label: 'visits.csv', tableName: 'visits', rowCount: 1095, columns: [dateCol, col('visitors', 'integer', 'measure', 0, 900, 500)] };
  const vctx: PlannerContext = { vocabularies: [buildVocabulary(visits, {}, [], wordnet ? { wordnet } : {})] };
  const plan = (q: string) => planQuestion(vctx, q, { dataset: 'visits' });
  it('filters by a part: weekends, named weekdays, a month across all years', () => {
    const w = plan('total visitors on weekends');
    expect(w.kind === 'query' && w.query.time).toEqual({ parts: [{ part: 'dow', values: [6, 7] }] });
    // The interpretation says what the words became.
    expect(w.kind === 'query' ? w.notes.join(' ') : '').toContain("'weekends' → time dow 6/7");
    const d = plan('average visitors on Mondays and Fridays');
    expect(d.kind === 'query' && d.query.time?.parts).toEqual([{ part: 'dow', values: [1, 5] }]);
    const m = plan('average visitors in December across all years');
    expect(m.kind === 'query' && m.query.time).toEqual({ parts: [{ part: 'month', values: [12] }] });
  });
  it('keeps "in December" alone as the latest December, not every one', () => {
    const p = plan('total visitors in December');
    expect(p.kind === 'query' && p.query.time?.range).toEqual({ from: '2017-12-01', to: '2018-01-01' });
  });
  it('groups by a part in its own order', () => {
    const p = plan('average visitors by day of the week');
    expect(p.kind).toBe('query');
    if (p.kind === 'query') {
      expect(p.query.time).toEqual({ by: 'dow' });
      expect(p.query.orderBy).toEqual([{ field: 'day_of_week', direction: 'asc' }]);
    }
  });
});

describe('a general word that is a column\'s full name', () => {
  const trades: CatalogDataset = { id: 't', name: 'trades', label: 'trades.csv', tableName: 'trades', rowCount: 60, columns: [col('ret', 'double', 'measure', -9, 9, 60), col('signal', 'text', 'dimension', null, null, 2), col('score', 'integer', 'measure', 1, 5, 5)] };
  const tctx: PlannerContext = { vocabularies: [buildVocabulary(trades, { signal: ['long', 'short'] }, [], wordnet ? { wordnet } : {})] };
  it('links "average return" to a column the name clips, but not "return" as a verb', () => {
    const p = planQuestion(tctx, 'average return for each signal', { dataset: 'trades' });
    expect(p.kind === 'query' && p.query.measures).toEqual([{ column: 'ret', agg: 'avg' }]);
    // At the start, "return" is the verb: it links nothing (a measure may still be inferred, and says so).
    const verb = planQuestion(tctx, 'return the rows with a long signal', { dataset: 'trades' });
    expect(verb.kind === 'query' ? verb.notes.join(' ') : '').not.toContain("'return' →");
  });
  it('ranks by a measure named after "by", even one of few values', () => {
    const p = planQuestion(tctx, 'top 2 signal by score', { dataset: 'trades' });
    expect(p.kind === 'query' && p.query.dimensions).toEqual(['signal']);
    expect(p.kind === 'query' && p.query.orderBy[0]?.field).toMatch(/_score$/);
  });
});
