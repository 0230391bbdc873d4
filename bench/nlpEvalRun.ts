// Runs blind question sets through the real `ask` path of a running app: each dataset is ingested
// under its name, each question asked in its conversation (a follow-up right after the question it
// follows, in the same conversation), the truth SQL run on the same database, and the rows compared.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../src/main.js';
import { compareRows, normCell, type BlindSet, type Cell, type QuestionResult } from './nlpEvalScore.js';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BLIND_DIR = join(REPO_ROOT, 'test/fixtures/nlp/blind');

/** The sets of one split (`tune` or `test`), by file name order. */
export function readSplit(split: 'tune' | 'test', dir = BLIND_DIR): BlindSet[] {
  let files: string[] = [];
  try {
    files = readdirSync(join(dir, split)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(dir, split, f), 'utf8')) as BlindSet);
}

/** The file a set's `source` names. */
export function sourcePath(source: string): string {
  if (source.startsWith('fixtures:')) return join(REPO_ROOT, 'test/fixtures/nlp/data', source.slice('fixtures:'.length));
  return join(REPO_ROOT, 'node_modules', source);
}

/** Ingests every set's dataset under its name (once per name). */
export async function ingestSets(app: App, sets: readonly BlindSet[]): Promise<void> {
  const have = new Set((await app.services.catalog.allCatalogDatasets()).map((d) => d.name));
  for (const s of sets) {
    if (have.has(s.dataset)) continue;
    await app.services.ingest.ingest({ name: s.dataset, input: { kind: 'file', path: sourcePath(s.source) } });
    have.add(s.dataset);
  }
}

export interface AskedAnswer {
  conversationId: string;
  confidence: number;
  clarification: unknown;
  interpretation?: { notes: string[] } | null;
  result: { columns: { name: string }[]; rows: Record<string, unknown>[] } | null;
}

/** Asks every question of the sets and scores it; `keepDetail` keeps why a question missed. */
export async function evaluateSets(app: App, sets: readonly BlindSet[], keepDetail: boolean): Promise<QuestionResult[]> {
  const out: QuestionResult[] = [];
  for (const s of sets) {
    // A dev-set group may be named after a dataset that does not exist (its questions must clarify).
    const ds = await app.services.catalog.getCatalogDataset(s.dataset).catch(() => null);
    const table = ds ? `warehouse."${ds.tableName.replace(/"/g, '""')}"` : '{{table}}';
    const convOf = new Map<string, string>();
    for (const q of s.questions) {
      const base: Pick<QuestionResult, 'id' | 'dataset' | 'class' | 'answerable' | 'notes'> = { id: q.id, dataset: s.dataset, class: q.class, answerable: q.answerable };
      let a: AskedAnswer;
      try {
        const conv = q.followUpOf ? convOf.get(q.followUpOf) : undefined;
        a = (await app.services.ask.ask({ question: q.question, dataset: conv ? null : q.askDataset === undefined ? s.dataset : q.askDataset, conversationId: conv ?? null })) as AskedAnswer;
      } catch (e) {
        out.push({ ...base, outcome: 'error', confidence: 0, ...(keepDetail ? { detail: `ask threw: ${(e as Error).message}` } : {}) });
        continue;
      }
      convOf.set(q.id, a.conversationId);
      if (keepDetail) base.notes = a.interpretation?.notes ?? [];
      if (a.clarification || !a.result) {
        // A tentative answer (given below the threshold, with a question back) is scored too on the
        // tuning split, so the doubt factors can be calibrated from what such answers got right.
        const tentative = keepDetail && a.result && q.answerable && q.sql ? await scoreTentative(app, q.sql.replaceAll('{{table}}', table), a.result, q.ordered) : undefined;
        out.push({ ...base, outcome: 'clarified', confidence: a.confidence, ...(keepDetail ? { detail: `clarified: ${JSON.stringify(a.clarification)}` } : {}), ...(tentative ? { tentative } : {}) });
        continue;
      }
      if (!q.answerable || !q.sql) {
        out.push({ ...base, outcome: 'wrong', confidence: a.confidence, ...(keepDetail ? { detail: 'answered an unanswerable question' } : {}) });
        continue;
      }
      let truth: Cell[][];
      try {
        const rows = await app.services.warehouse.query<Record<string, unknown>>(q.sql.replaceAll('{{table}}', table));
        truth = rows.map((r) => Object.values(r).map(normCell));
      } catch (e) {
        out.push({ ...base, outcome: 'error', confidence: a.confidence, ...(keepDetail ? { detail: `truth SQL failed: ${(e as Error).message}` } : {}) });
        continue;
      }
      const got = a.result.rows.map((r) => a.result!.columns.map((c) => normCell(r[c.name])));
      const cmp = compareRows(truth, got, q.ordered);
      out.push({
        ...base,
        outcome: cmp.exact ? 'exact' : 'wrong',
        confidence: a.confidence,
        ...(keepDetail && !cmp.exact ? { detail: `${cmp.why}; truth ${JSON.stringify(truth.slice(0, 3))} got ${JSON.stringify(got.slice(0, 3))}` } : {}),
      });
    }
  }
  return out;
}

export async function scoreTentative(app: App, sql: string, result: NonNullable<AskedAnswer['result']>, ordered: boolean): Promise<'exact' | 'wrong' | undefined> {
  try {
    const rows = await app.services.warehouse.query<Record<string, unknown>>(sql);
    const truth = rows.map((r) => Object.values(r).map(normCell));
    return compareRows(truth, result.rows.map((r) => result.columns.map((c) => normCell(r[c.name]))), ordered).exact ? 'exact' : 'wrong';
  } catch {
    return undefined;
  }
}
