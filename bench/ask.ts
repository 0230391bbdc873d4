// ask over GraphQL vs the insight call it produces, in the same run, on real Postgres: for each
// question, the median of paired differences (ask − insight), interleaved so load drift hits both.
// ask does everything insight does (HTTP, GraphQL, compile, read-only transaction) plus: a version
// check of the vocabularies, planning, the answer (sentence, chart, suggestions) and one INSERT
// of the turn; a follow-up adds the conversation lookup. Target: within 3 ms.
// Run: npx tsx bench/ask.ts   (INSIGHTQL_BENCH_PG=postgres://… to choose the server; BENCH_N=200)
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { vegaDataDir } from '../src/demo/demoLoader.js';
import { startApp } from '../src/main.js';
import { planQuestion } from '../src/nlp/plan.js';
import { createLogger } from '../src/shared/logger.js';
import { freshDatabase, median, printTable, quantile } from './support.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';
const N = Number(process.env.BENCH_N ?? 200);
const ASK = `query($q: String!, $d: String, $c: ID) { ask(question: $q, dataset: $d, conversationId: $c) { text conversationId confidence suggestions chart interpretation { intent query } result { rows } clarification { message } } }`;
const INSIGHT = `query($q: InsightQueryInput!) { insight(query: $q) { rows } }`;

const QUESTIONS: { q: string; d?: string; followUpOf?: string }[] = [
  { q: 'total precipitation in 2014', d: 'seattle_weather' },
  { q: 'and in 2013?', d: 'seattle_weather', followUpOf: 'total precipitation in 2014' },
  { q: 'average wind by weather' },
  { q: 'average price of MSFT by month in 2009' },
  { q: 'top 5 directors by worldwide gross' },
  { q: 'unemployment rate over time for construction' },
  { q: 'how many rainy days in 2013' },
  { q: 'compare MSFT and AAPL' },
];

const db = await freshDatabase('iq_bench_ask');
const app = await startApp({ ...loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'error', NODE_ENV: 'production' } as NodeJS.ProcessEnv), port: 0, demo: false }, createLogger('error'));
try {
  const data = vegaDataDir();
  for (const [name, file] of [['seattle_weather', 'seattle-weather.csv'], ['stocks', 'stocks.csv'], ['unemployment_across_industries', 'unemployment-across-industries.json'], ['movies', 'movies.json']] as const) {
    await app.services.ingest.ingest({ name, input: { kind: 'file', path: join(data, file) } });
  }
  const url = `http://127.0.0.1:${app.server.port}/graphql`;
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const j = (await res.json()) as { data?: any; errors?: unknown };
    if (j.errors) throw new Error(JSON.stringify(j.errors));
    return j.data;
  };
  // Warm up: the intent model is trained (and stored) and the vocabularies are built on first use.
  await gql(ASK, { q: 'total precipitation' });
  const vocabularies = await app.services.ask.vocabularies.current();

  const rows: Record<string, string | number>[] = [];
  for (const item of QUESTIONS) {
    const conv = item.followUpOf ? (await gql(ASK, { q: item.followUpOf, d: item.d })).ask.conversationId : undefined;
    const vars = { q: item.q, ...(item.d ? { d: item.d } : {}), ...(conv ? { c: conv } : {}) };
    const first = (await gql(ASK, vars)).ask;
    if (!first.interpretation || first.clarification) throw new Error(`'${item.q}' was not answered: ${first.clarification?.message}`);
    const query = first.interpretation.query;
    const asks: number[] = [];
    const insights: number[] = [];
    const diffs: number[] = [];
    for (let i = 0; i < N; i++) {
      // Alternate which path goes first, so neither always meets a warm cache.
      const runAsk = async () => {
        const t0 = performance.now();
        await gql(ASK, vars);
        return performance.now() - t0;
      };
      const runInsight = async () => {
        const t0 = performance.now();
        await gql(INSIGHT, { q: query });
        return performance.now() - t0;
      };
      let a: number;
      let b: number;
      if (i % 2) {
        a = await runAsk();
        b = await runInsight();
      } else {
        b = await runInsight();
        a = await runAsk();
      }
      asks.push(a);
      insights.push(b);
      diffs.push(a - b);
    }
    const plans: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      planQuestion({ vocabularies }, item.q, item.d ? { dataset: item.d } : {});
      plans.push(performance.now() - t0);
    }
    rows.push({
      question: item.followUpOf ? `${item.q} (follow-up)` : item.q,
      intent: first.interpretation.intent,
      rows: first.result.rows.length,
      'insight p50 ms': median(insights),
      'ask p50 ms': median(asks),
      'ask − insight p50 ms': median(diffs),
      'ask p99 ms': quantile(asks, 0.99),
      'plan only p50 ms': median(plans),
    });
  }
  printTable(`ask vs the insight call it produces, GraphQL over HTTP, real Postgres (${N} interleaved pairs each)`, rows);
  const worst = Math.max(...rows.map((r) => Number(r['ask − insight p50 ms'])));
  console.log(`\nlargest median difference: ${worst.toFixed(2)} ms (target ≤ 3 ms) — ${worst <= 3 ? 'met' : 'NOT met'}`);
} finally {
  await app.close();
  await db.drop();
}
