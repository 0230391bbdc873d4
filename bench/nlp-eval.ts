// The honest evaluation of the chat planner (issue 9): blind question sets written by helpers who
// never saw the NLP code, split by dataset into tuning and test-only sets, each question asked
// through the real `ask` path and checked against its SQL truth on the same database. Figures for
// the two splits are printed apart; for the test-only split only aggregates are printed (never a
// question or a miss), so nobody tunes toward it. The older dev set is printed as a third block.
// Run: npm run bench:nlp-eval   (or npx tsx bench/nlp-eval.ts)
//   INSIGHTQL_BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres  real Postgres (a fresh database, dropped after)
//   NLP_EVAL_MISSES=1  also print each tuning-split miss
//   NLP_EVAL_DUMP=f    append each tuning answer (outcome, confidence, notes) to f as JSON lines
//   NLP_EVAL_REPLIES=1 also asks each set as a user who answers a question back on an unknown word (bench/nlpEvalReplies.ts)
//   NLP_EVAL_SPLITS=tune,dev  only these splits (default tune,test,dev)
//   NLP_EVAL_DIR=a,b   read the splits from these folders (default: blind … blind21 under test/fixtures/nlp)
import { appendFileSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { startApp, type App } from '../src/main.js';
import { ANSWER_THRESHOLD } from '../src/nlp/confidence.js';
import { createLogger } from '../src/shared/logger.js';
import { evaluateSets, ingestSets, readSplit, REPO_ROOT } from './nlpEvalRun.js';
import { evaluateWithReplies, type ReplyTally } from './nlpEvalReplies.js';
import { CONFIDENCE_BUCKETS, bucketOf, tally, type BlindSet, type QuestionResult } from './nlpEvalScore.js';
import { freshDatabase, printTable } from './support.js';

process.env.DOTENV_CONFIG_QUIET ??= 'true';

const DEFAULT_DIRS = ['test/fixtures/nlp/blind', 'test/fixtures/nlp/blind2', 'test/fixtures/nlp/blind3', 'test/fixtures/nlp/blind4', 'test/fixtures/nlp/blind5', 'test/fixtures/nlp/blind6', 'test/fixtures/nlp/blind7', 'test/fixtures/nlp/blind8', 'test/fixtures/nlp/blind9', 'test/fixtures/nlp/blind10', 'test/fixtures/nlp/blind11', 'test/fixtures/nlp/blind12', 'test/fixtures/nlp/blind13', 'test/fixtures/nlp/blind14', 'test/fixtures/nlp/blind15', 'test/fixtures/nlp/blind16', 'test/fixtures/nlp/blind17', 'test/fixtures/nlp/blind18', 'test/fixtures/nlp/blind19', 'test/fixtures/nlp/blind20', 'test/fixtures/nlp/blind21'];

const pct = (a: number, b: number) => (b ? `${((a / b) * 100).toFixed(1)}%` : '-');

/** Prints one split's figures: overall, per dataset, per class, reliability. */
export function printSplit(title: string, results: readonly QuestionResult[], showMisses: boolean): void {
  const t = tally(results);
  console.log(`\n## ${title}`);
  printTable(`${title}: overall`, [
    {
      questions: t.questions,
      answerable: t.answerable,
      exact: `${t.exact} (${pct(t.exact, t.answerable)})`,
      'wrong, no clarification': `${t.wrong + t.unanswerableAnswered} (${pct(t.wrong + t.unanswerableAnswered, t.questions)})`,
      'unanswerable clarified': `${t.unanswerableClarified}/${t.unanswerable}`,
      errors: t.errors,
    },
  ]);
  const datasets = [...new Set(results.map((r) => r.dataset))];
  printTable(
    `${title}: per dataset`,
    datasets.map((d) => {
      const s = tally(results.filter((r) => r.dataset === d));
      return { dataset: d, questions: s.questions, exact: `${s.exact}/${s.answerable} (${pct(s.exact, s.answerable)})`, wrong: s.wrong + s.unanswerableAnswered, 'unanswerable clarified': `${s.unanswerableClarified}/${s.unanswerable}` };
    }),
  );
  printTable(
    `${title}: per class (unanswerable: clarified)`,
    [...t.byClass].sort((a, b) => a[0].localeCompare(b[0])).map(([c, v]) => ({ class: c, right: `${v.ok}/${v.n}`, share: pct(v.ok, v.n) })),
  );
  const rel = CONFIDENCE_BUCKETS.map((b) => bucketOf(b)).filter((b) => t.reliability.has(b));
  printTable(
    `${title}: reliability (answers given, by confidence; threshold ${ANSWER_THRESHOLD})`,
    rel.map((b) => ({ confidence: b, answers: t.reliability.get(b)!.n, exact: pct(t.reliability.get(b)!.exact, t.reliability.get(b)!.n) })),
  );
  const above = results.filter((r) => r.outcome !== 'clarified' && r.outcome !== 'error' && r.confidence >= ANSWER_THRESHOLD);
  console.log(`\n${title}: answers at/above the threshold: ${above.length}, exact ${pct(above.filter((r) => r.outcome === 'exact').length, above.length)}`);
  if (showMisses) {
    const misses = results.filter((r) => (r.answerable ? r.outcome !== 'exact' : r.outcome !== 'clarified'));
    console.log(`\n${title}: misses (${misses.length})`);
    for (const m of misses) console.log(`  ${m.id} [${m.class}] ${m.outcome} c=${m.confidence}: ${m.detail ?? ''}`);
  }
}

/** The older dev set in the blind format: query questions with SQL (model intents are checked by their own test). */
export function devSetAsBlind(): BlindSet[] {
  const dev = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/nlp/devset-e2e.json'), 'utf8')) as {
    questions: { id: string; question: string; dataset: string | null; about?: string; intent: string; expectedSql?: string; clarify?: boolean; after?: string }[];
  };
  const models = new Set(['anomalies', 'forecast', 'change_points', 'seasonality', 'trend_test', 'explain_change']);
  const byDs = new Map<string, BlindSet>();
  for (const q of dev.questions) {
    if (models.has(q.intent)) continue;
    const ds = q.about ?? q.dataset ?? 'seattle_weather';
    const set = byDs.get(ds) ?? { dataset: ds, source: '', questions: [] };
    set.questions.push({
      id: q.id,
      question: q.question,
      class: q.clarify ? 'unanswerable' : q.intent,
      answerable: !q.clarify,
      sql: q.expectedSql ? q.expectedSql.replaceAll('$T', '{{table}}') : null,
      ordered: false,
      followUpOf: q.after ?? null,
      askDataset: q.dataset,
    });
    byDs.set(ds, set);
  }
  return [...byDs.values()];
}

async function main(): Promise<void> {
  const pgUrl = process.env.INSIGHTQL_BENCH_PG;
  const db = pgUrl ? await freshDatabase('iq_bench_nlpeval') : null;
  const config = loadConfig({ ...(db ? { DATABASE_URL: db.url } : {}), LOG_LEVEL: 'error', NODE_ENV: 'production' } as NodeJS.ProcessEnv);
  const app: App = await startApp({ ...config, port: 0, demo: false, ...(db ? {} : { databaseUrl: null, dataDir: 'memory://' }) }, createLogger('error'));
  try {
    // Every blind folder by default: blind/ (tuning + test-only), blind2/, blind5/, blind7/, blind9/, blind11/ and blind12/ (test-only), blind3/, blind4/, blind6/, blind8/ and blind10/ (tuning).
    const dirs = (process.env.NLP_EVAL_DIR ?? DEFAULT_DIRS.join(',')).split(',').filter(Boolean);
    const only = new Set((process.env.NLP_EVAL_SPLITS ?? 'tune,test,dev').split(','));
    const folders = dirs.map((dir) => ({ name: basename(dir), tune: only.has('tune') ? readSplit('tune', join(REPO_ROOT, dir)) : [], test: only.has('test') ? readSplit('test', join(REPO_ROOT, dir)) : [] }));
    const tune = folders.flatMap((f) => f.tune);
    const test = folders.flatMap((f) => f.test);
    const dev = only.has('dev') ? devSetAsBlind() : [];
    const { DEMO } = await import('../test/integration/chat/support.js');
    const demoSets: BlindSet[] = (dev.length ? DEMO : []).map((d) => ({ dataset: d.name, source: `vega-datasets/data/${d.file}`, questions: [] }));
    const t0 = performance.now();
    await ingestSets(app, [...tune, ...test, ...demoSets]);
    console.log(`# Chat planner on blind question sets (${db ? 'real PostgreSQL' : 'embedded PGlite'})`);
    console.log(`loaded ${tune.length} tuning and ${test.length} test-only datasets plus the ${demoSets.length} demo ones in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await app.services.ask.warmUp();
    const replies = process.env.NLP_EVAL_REPLIES === '1';
    const replyRows: Record<string, string | number>[] = [];
    for (const f of folders) {
      if (f.tune.length) {
        const results = await evaluateSets(app, f.tune, true);
        if (replies) {
          const r = await evaluateWithReplies(app, f.tune, results, true);
          replyRows.push(replyRow(`${f.name}/tune`, r));
          if (process.env.NLP_EVAL_MISSES === '1') for (const u of r.unresolved) console.log(`  no reply answered ${u}`);
        }
        printSplit(`Tuning datasets (${f.name}/tune)`, results, process.env.NLP_EVAL_MISSES === '1');
        // For calibrating the doubt factors: every tuning answer with its notes (never the test-only ones).
        if (process.env.NLP_EVAL_DUMP) appendFileSync(process.env.NLP_EVAL_DUMP, results.map((r) => JSON.stringify(r)).join('\n') + '\n');
      }
      // Test-only: aggregates only, never a question or a miss.
      if (f.test.length) {
        const results = await evaluateSets(app, f.test, false);
        printSplit(`Test-only datasets (${f.name}/test)`, results, false);
        if (replies) replyRows.push(replyRow(`${f.name}/test (test-only)`, await evaluateWithReplies(app, f.test, results)));
      }
    }
    if (replies) printTable('With a user who answers questions back (one reply per question; the reply is learned for next time)', replyRows);
    if (dev.length) printSplit('Dev set (demo datasets, tuned on)', await evaluateSets(app, dev, true), process.env.NLP_EVAL_MISSES === '1');
  } finally {
    await app.close();
    await db?.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

function replyRow(split: string, t: ReplyTally): Record<string, string | number> {
  const pct = (a: number, b: number) => `${a}/${b} (${b ? ((100 * a) / b).toFixed(1) : '0.0'}%)`;
  return {
    split,
    'exact when first asked': pct(t.exactFirst, t.answerable),
    'of which thanks to an earlier reply': t.learnedHelped,
    'asked back on one unknown word': t.askedBack,
    'exact after the reply': t.exactAfterReply,
    'exact in all': pct(t.exactFirst + t.exactAfterReply, t.answerable),
    'wrong, no question back': pct(t.wrong, t.answerable),
  };
}
