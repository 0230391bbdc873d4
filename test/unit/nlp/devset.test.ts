import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Filter, InsightQuery } from '../../../src/insights/insightQuery.js';
import { loadIntentModel, trainIntentModel } from '../../../src/nlp/classifier.js';
import { followUp } from '../../../src/nlp/conversation.js';
import { INTENT_CORPUS } from '../../../src/nlp/corpus/index.js';
import { planQuestion, type Plan, type PlannerContext } from '../../../src/nlp/plan.js';
import { buildVocabulary } from '../../../src/nlp/vocabulary.js';
import { demoDatasets } from '../../fixtures/nlp/demoCatalogs.js';

process.env.DOTENV_CONFIG_QUIET = 'true';

/** One dev-set question; `expectedSql` may be added per question for the end-to-end run. */
interface DevQuestion {
  id: string;
  question: string;
  dataset: string | null;
  intent: string;
  expected?: Record<string, unknown>;
  clarify?: boolean;
  after?: string;
  expectedSql?: string;
}

const devset = JSON.parse(readFileSync(new URL('../../fixtures/nlp/devset.json', import.meta.url), 'utf8')) as { questions: DevQuestion[] };

function canonFilter(f: Filter | null | undefined): unknown {
  if (!f) return undefined;
  if ('and' in f) return { and: f.and.map(canonFilter).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) };
  if ('or' in f) return { or: f.or.map(canonFilter) };
  if ('not' in f) return { not: canonFilter(f.not) };
  return { column: f.column, op: f.op, ...(f.value != null ? { value: f.value } : {}), ...(f.values?.length ? { values: f.values } : {}) };
}

/** The parts of a query that decide its answer, with defaults and empties dropped. */
function canon(q: Partial<InsightQuery> & Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { dataset: q.dataset };
  out.measures = (q.measures ?? []).map((m) => ({ agg: m.agg, ...(m.column ? { column: m.column } : {}) }));
  out.dimensions = q.dimensions ?? [];
  if (q.time?.grain) out.grain = q.time.grain;
  if (q.time?.range && (q.time.range.from || q.time.range.to)) out.range = { ...(q.time.range.from ? { from: q.time.range.from } : {}), ...(q.time.range.to ? { to: q.time.range.to } : {}) };
  const f = canonFilter(q.filter as Filter | undefined);
  if (f) out.filter = f;
  if (q.orderBy?.length) out.orderBy = q.orderBy.map((o) => ({ field: o.field, direction: o.direction ?? 'asc' }));
  if (q.limit) out.limit = q.limit;
  if (q.compare) out.compare = q.compare.to;
  return out;
}

describe('planner dev set', () => {
  let ctx: PlannerContext;
  beforeAll(() => {
    const all = demoDatasets();
    ctx = { vocabularies: Object.values(all).map((d) => buildVocabulary(d.dataset, d.dimensionValues)), model: loadIntentModel(trainIntentModel(INTENT_CORPUS)) };
  }, 30_000);

  it('has at least 150 questions covering every intent, follow-ups and clarifications', () => {
    const intents = new Set(devset.questions.map((q) => q.intent));
    for (const i of ['aggregate', 'breakdown', 'top_n', 'bottom_n', 'trend', 'compare', 'share', 'distribution', 'count', 'list', 'correlation', 'anomalies', 'forecast', 'change_points', 'seasonality', 'trend_test', 'explain_change', 'clarify']) {
      expect(intents, i).toContain(i);
    }
    expect(devset.questions.length).toBeGreaterThanOrEqual(150);
    expect(devset.questions.filter((q) => q.after).length).toBeGreaterThanOrEqual(10);
  });

  it('plans the dev set accurately and clarifies every unanswerable question', () => {
    const plans = new Map<string, Plan>();
    const perIntent = new Map<string, { ok: number; n: number }>();
    const failures: string[] = [];
    for (const q of devset.questions) {
      const prev = q.after ? plans.get(q.after) ?? null : null;
      const plan = q.after ? followUp(ctx, prev, q.question) : planQuestion(ctx, q.question, q.dataset ? { dataset: q.dataset } : {});
      plans.set(q.id, plan);
      let ok: boolean;
      if (q.clarify) ok = plan.kind === 'clarify';
      else if (plan.kind === 'clarify') ok = false;
      else ok = plan.intent === q.intent && JSON.stringify(canon(plan.query as never)) === JSON.stringify(canon(q.expected as never));
      const s = perIntent.get(q.intent) ?? { ok: 0, n: 0 };
      s.n++;
      if (ok) s.ok++;
      perIntent.set(q.intent, s);
      if (!ok) {
        const got = plan.kind === 'clarify' ? `clarify: ${plan.message}` : `${plan.intent} ${JSON.stringify(canon(plan.query as never))}`;
        failures.push(`${q.id} "${q.question.slice(0, 60)}"\n   expected ${q.clarify ? 'clarify' : `${q.intent} ${JSON.stringify(canon(q.expected as never))}`}\n   got      ${got}`);
      }
    }
    const rows = [...perIntent].map(([intent, s]) => ({ intent, correct: s.ok, total: s.n, accuracy: `${((s.ok / s.n) * 100).toFixed(0)}%` }));
    const ok = [...perIntent.values()].reduce((a, s) => a + s.ok, 0);
    console.table(rows);
    console.log(`dev set: ${ok}/${devset.questions.length} = ${((ok / devset.questions.length) * 100).toFixed(1)}%`);
    if (failures.length) console.log(`failures:\n${failures.join('\n')}`);
    const clar = perIntent.get('clarify')!;
    expect(clar.ok, 'every unanswerable question must clarify').toBe(clar.n);
    expect(ok / devset.questions.length).toBeGreaterThanOrEqual(0.9);
  });
});
