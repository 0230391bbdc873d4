import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateSets, ingestSets, readSplit } from '../../../bench/nlpEvalRun.js';
import { tally } from '../../../bench/nlpEvalScore.js';
import { startApp, type App } from '../../../src/main.js';
import { createLogger } from '../../../src/shared/logger.js';
import { testTargets } from '../../support/targets.js';

/**
 * The tuning split of the blind question sets (test/fixtures/nlp/blind/tune), asked through the
 * real `ask` path and checked against their SQL truth. The floors are what the planner reached
 * when this test was written (bench/nlp-eval.ts prints the figures, and the test-only split);
 * a change that answers fewer questions exactly, or more wrongly, fails here.
 */
const EXACT_FLOOR = 0.58;
const WRONG_CEILING = 0.03;

describe.each(testTargets())('blind tuning questions through ask ($kind)', (target) => {
  let app: App;
  let drop: () => Promise<void>;
  const sets = readSplit('tune');

  beforeAll(async () => {
    const db = await target.fresh();
    drop = db.drop;
    app = await startApp({ ...db.config, port: 0 }, createLogger('silent'));
    await ingestSets(app, sets);
    await app.services.ask.warmUp();
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  it('answers the tuning split at least as well as before, clarifying every unanswerable question', async () => {
    expect(sets.length).toBeGreaterThanOrEqual(7);
    const results = await evaluateSets(app, sets, true);
    const t = tally(results);
    console.log(`[${target.kind}] tuning split: exact ${t.exact}/${t.answerable}, wrong without clarification ${t.wrong + t.unanswerableAnswered}/${t.questions}, unanswerable clarified ${t.unanswerableClarified}/${t.unanswerable}`);
    expect(t.errors).toBe(0);
    expect(t.exact / t.answerable).toBeGreaterThanOrEqual(EXACT_FLOOR);
    expect((t.wrong + t.unanswerableAnswered) / t.questions).toBeLessThanOrEqual(WRONG_CEILING);
    expect(t.unanswerableClarified).toBe(t.unanswerable);
  }, 900_000);
});
