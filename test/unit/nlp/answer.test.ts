import { describe, expect, it } from 'vitest';
import { answerText } from '../../../src/nlp/answer/text.js';
import { chartSpec } from '../../../src/nlp/answer/chart.js';
import { suggestions } from '../../../src/nlp/answer/suggestions.js';
import { weightedPearson } from '../../../src/nlp/answer/stats.js';
import { planQuestion, type ModelPlan, type PlannerContext, type QueryPlan } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { MODEL_INTENTS } from '../../../src/nlp/intents/index.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';
const all = demoDatasets();
const sw = all.seattle_weather!;
const ctx: PlannerContext = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues)) };
const plan = (q: string, ds = 'seattle_weather') => {
  const p = planQuestion(ctx, q, { dataset: ds });
  if (p.kind === 'clarify') throw new Error(`unexpected clarification for ${q}: ${p.message}`);
  return p as QueryPlan | ModelPlan;
};
// Reference figures straight from the CSV rows, not through the planner.
const year = (y: string) => sw.rows.filter((r) => String(r.date).startsWith(y));
const sum = (rows: typeof sw.rows, c: string) => rows.reduce((s, r) => s + Number(r[c]), 0);

describe('answer text', () => {
  it('states a total with its comparison to a relative period, formatted', () => {
    const p = plan('total precipitation in 2014 compared to last year');
    const v14 = sum(year('2014'), 'precipitation');
    const v13 = sum(year('2013'), 'precipitation');
    const text = answerText(p, { columns: ['sum_precipitation', 'sum_precipitation_previous'], rows: [{ sum_precipitation: v14, sum_precipitation_previous: v13 }] }, sw.dataset);
    expect(v14).toBeCloseTo(1232.8, 1);
    expect(text).toBe(`Total precipitation in 2014 was 1,232.8, ${Math.round(((v14 - v13) / v13) * 100)}% more than the same period a year earlier (${v13.toLocaleString('en-US', { maximumFractionDigits: 1 })}).`);
  });
  it('states two periods named outright side by side, with the later against the earlier', () => {
    const p = plan('total precipitation in 2014 compared to 2013');
    const v14 = sum(year('2014'), 'precipitation');
    const v13 = sum(year('2013'), 'precipitation');
    const text = answerText(p, { columns: ['year', 'sum_precipitation'], rows: [{ year: '2014-01-01', sum_precipitation: v14 }, { year: '2013-01-01', sum_precipitation: v13 }] }, sw.dataset);
    const f = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    expect(text).toBe(`Total precipitation: 2013 ${f(v13)}, 2014 ${f(v14)} (${Math.round(((v14 - v13) / v13) * 100)}% more).`);
  });
  it('names the leaders of a breakdown and the shares of a share question', () => {
    const counts = new Map<string, number>();
    for (const r of sw.rows) counts.set(String(r.weather), (counts.get(String(r.weather)) ?? 0) + 1);
    const rows = [...counts].sort((a, b) => b[1] - a[1]).map(([weather, count]) => ({ weather, count }));
    const share = answerText(plan('what share of days were sunny'), { columns: ['weather', 'count'], rows }, sw.dataset);
    expect(share).toContain(`sun ${((counts.get('sun')! / sw.rows.length) * 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`);
    const br = answerText(plan('number of days by weather'), { columns: ['weather', 'count'], rows }, sw.dataset);
    expect(br).toMatch(/^Number of rows by weather: rain \(641\), sun \(640\)/);
  });
  it('measures a correlation with weighted Pearson r', () => {
    expect(weightedPearson([[1, 2, 1], [2, 4, 1], [3, 6, 1]])!.r).toBeCloseTo(1);
    expect(weightedPearson([[1, 3, 2], [2, 2, 2], [3, 1, 2]])!.r).toBeCloseTo(-1);
    expect(weightedPearson([[1, 1, 1], [1, 2, 1]])).toBeNull();
    const rows = sw.rows.map((r) => ({ temp_max: r.temp_max, wind: r.wind, count: 1 }));
    const text = answerText(plan('correlation between temp max and wind'), { columns: ['temp_max', 'wind', 'count'], rows }, sw.dataset);
    expect(text).toMatch(/correlation \(r = -0\.\d\d, n = 1,461\)/);
  });
  it('words the other answers as before: a distribution, a list, a missing figure, a flat comparison, zero shares, too few pairs', () => {
    const dist = (q: string, col: string, rows: Record<string, unknown>[]) => answerText({ ...plan(q), intent: 'distribution', query: { ...plan(q).query, dimensions: [col] } } as QueryPlan, { columns: [col, 'count'], rows }, sw.dataset);
    expect(dist('distribution of wind', 'wind', [{ wind: 1.5, count: 3 }, { wind: 4, count: 7 }])).toBe('Wind ranges from 1.5 to 4 over 10 rows; the most common value is 4 (7 rows).');
    expect(dist('distribution of weather', 'weather', [{ weather: 'rain', count: 5 }, { weather: 'sun', count: 2 }])).toBe('Weather has 2 distinct values over 7 rows; the most common is rain (5 rows).');
    const list = plan('list the days with wind above 7 in 2014');
    expect(list.intent).toBe('list');
    const limited = { ...list, query: { ...list.query, limit: 2 } } as QueryPlan;
    expect(answerText(limited, { columns: ['date', 'wind'], rows: [{ date: '2014-01-02', wind: 8 }, { date: '2014-02-03', wind: 9 }] }, sw.dataset)).toBe('Found 2 rows where wind above 7 in 2014 (showing the first 2).');
    expect(answerText(plan('total precipitation in 2014'), { columns: ['sum_precipitation'], rows: [{ sum_precipitation: null }] }, sw.dataset)).toBe('Total precipitation in 2014 is not available (no values).');
    const flat = answerText(plan('total precipitation in 2014 compared to last year'), { columns: ['sum_precipitation', 'sum_precipitation_previous'], rows: [{ sum_precipitation: 1000.2, sum_precipitation_previous: 1000 }] }, sw.dataset);
    expect(flat).toBe('Total precipitation in 2014 was 1,000.2, about the same as the same period a year earlier (1,000).');
    expect(answerText(plan('what share of days were sunny'), { columns: ['weather', 'count'], rows: [{ weather: 'sun', count: 0 }] }, sw.dataset)).toBe('Number of rows is zero, so there are no shares to show.');
    expect(answerText(plan('correlation between temp max and wind'), { columns: ['temp_max', 'wind', 'count'], rows: [{ temp_max: 1, wind: 2, count: 1 }] }, sw.dataset)).toBe('There are not enough values of temp_max and wind to measure a correlation.');
  });
  it('says so when nothing matches', () => {
    expect(answerText(plan('total precipitation in 2014'), { columns: ['sum_precipitation'], rows: [] }, sw.dataset)).toMatch(/^No rows match/);
  });
});

describe('chart spec', () => {
  const rows = { columns: ['bucket', 'x'], rows: [{ bucket: '2014-01-01', x: 1 }] };
  it.each([
    ['precipitation by month', 'line'],
    ['average wind by weather', 'bar'],
    ['top 3 months by average wind', 'bar'],
    ['what share of days were sunny', 'arc'],
    ['correlation between temp max and wind', 'point'],
    ['distribution of wind', 'bar'],
    ['forecast precipitation for the next 6 months', 'line'],
  ])('%s → %s', (q, mark) => {
    const spec = chartSpec(plan(q), rows, sw.dataset)!;
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v5.json');
    const m = spec.mark as string | { type: string };
    expect(typeof m === 'string' ? m : m.type).toBe(mark);
  });
  it('every model intent is charted as a line and told as a series, like a trend', () => {
    const p = plan('forecast precipitation for the next 6 months');
    const series = { columns: ['month', 'sum_precipitation'], rows: [{ month: '2014-01-01', sum_precipitation: 10 }, { month: '2014-02-01', sum_precipitation: 30 }] };
    for (const intent of MODEL_INTENTS) {
      const mp = { ...p, kind: 'model', intent } as ModelPlan;
      expect((chartSpec(mp, series, sw.dataset)!.mark as { type: string }).type, intent).toBe('line');
      expect(answerText(mp, series, sw.dataset), intent).toContain('from 10 (2014-01-01) to 30 (2014-02-01), up 200% overall; highest 30');
    }
  });
  it('bins a numeric distribution and gives no chart for a single figure', () => {
    const spec = chartSpec(plan('distribution of wind'), rows, sw.dataset)!;
    expect((spec.encoding as { x: { bin: unknown } }).x.bin).toEqual({ maxbins: 30 });
    expect(chartSpec(plan('total precipitation in 2014'), rows, sw.dataset)).toBeNull();
  });
});

describe('suggestions', () => {
  it('offers 2–4 follow-ups that each plan without a clarification', () => {
    for (const [q, ds] of [['total precipitation in 2014', 'seattle_weather'], ['average price by symbol', 'stocks'], ['unemployment rate over time', 'unemployment'], ['top 5 distributors by us gross', 'movies'], ['total profit', 'seattle_weather']] as const) {
      const p = planQuestion(ctx, q, { dataset: ds });
      const s = suggestions(p, ctx.vocabularies.find((v) => v.dataset.name === ds)!);
      expect(s.length, q).toBeGreaterThanOrEqual(2);
      expect(s.length).toBeLessThanOrEqual(4);
      for (const f of s) expect(planQuestion(ctx, f, { dataset: ds }).kind, `${q} → ${f}`).not.toBe('clarify');
    }
  });
  it('a summed trend whose last month the data stops inside is compared to the last full month, and says so', () => {
    // The seattle rows cut to end on 3 February 2015: February holds 3 days.
    const cut = { ...sw.dataset, columns: sw.dataset.columns.map((c) => (c.name === 'date' ? { ...c, stats: { ...c.stats!, maxTime: '2015-02-03' } } : c)) };
    const p = plan('total precipitation by month in 2014 and 2015');
    const rows = [
      { month: '2014-12-01', sum_precipitation: 100 },
      { month: '2015-01-01', sum_precipitation: 120 },
      { month: '2015-02-01', sum_precipitation: 5 },
    ];
    const col = 'month';
    const text = answerText({ ...p, intent: 'trend', query: { ...p.query, time: { grain: 'month' } } } as QueryPlan, { columns: [col, 'sum_precipitation'], rows }, cut);
    expect(text).toContain('up 20% overall to 2015-01-01');
    expect(text).toContain('the last month, 2015-02-01, is partial: the data ends 2015-02-03');
    // The same rows with data running to the end of February: no partial month.
    const full = answerText({ ...p, intent: 'trend', query: { ...p.query, time: { grain: 'month' } } } as QueryPlan, { columns: [col, 'sum_precipitation'], rows }, { ...cut, columns: cut.columns.map((c) => (c.name === 'date' ? { ...c, stats: { ...c.stats!, maxTime: '2015-02-28' } } : c)) });
    expect(full).toContain('down 95% overall');
    expect(full).not.toContain('partial');
  });
});
