import { primaryTimeColumn, type CatalogColumn, type CatalogDataset } from '../shared/catalog.js';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { sqlTypeDdl } from '../ingest/sqlTypes.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { inSavepoint } from '../warehouse/savepoint.js';
import { quoteIdent } from '../warehouse/warehouse.js';
import { DEFAULT_BLOCKING } from './cluster/blocking.js';
import { findFuzzyDuplicates } from './dedupe/fuzzyDuplicates.js';
import type { MatchColumn } from './dedupe/scoring.js';
import type { Row } from './dedupe/types.js';
import { laterName, planRecipe, sameShape, stepLabel, type BatchShape, type BatchShapes, type PlannedStep, type RecipePlan } from './recipePlan.js';
import { applySelect, buildStepSql, type StepSql } from './sql/index.js';
import { fuzzyMatchSpec, readRows } from './sql/removeDuplicatesSql.js';
import { SqlParams, col, missingExpr } from './sql/sqlParams.js';
import type { ImputeMissingParams } from './steps/imputeMissing.js';
import type { RemoveDuplicatesParams } from './steps/removeDuplicates.js';
import type { StepName } from './steps/types.js';
import { WAREHOUSE_SCHEMA, readDataset, readRecipeInEffect, tableRef, type LockedDataset } from './versionStore.js';

export type { BatchShape, BatchShapes } from './recipePlan.js';

export interface BatchTarget {
  /** The dataset as read under its lock. */
  dataset: LockedDataset;
  /** Staging table (in the warehouse schema) holding the appended rows, typed by `shape`. */
  staging: string;
  shape: BatchShape;
}

export interface BatchReplay {
  /** The table holding the cleaned batch, in the dataset's current shape (the caller inserts and drops it). */
  table: string;
  applied: string[];
  skipped: { step: string; reason: string }[];
}

/** Which shapes a batch of the dataset may have: the cleaned one always, the source's one while the recipe leads from it to the cleaned one. */
export async function batchShapes(db: SqlRunner, datasetName: string): Promise<BatchShapes | null> {
  const ds = await readDataset(db, datasetName);
  if (!ds) return null;
  const recipe = await readRecipeInEffect(db, ds);
  const input = recipe.length ? ds.recipeInput : null;
  const plan = input ? planRecipe(input, recipe, ds.name) : null;
  const leads = plan !== null && plan.steps.every((s) => s.run) && sameShape(plan.final, ds.columns);
  return { input: leads ? input : null, current: ds.columns };
}

/**
 * Passes an appended batch through the dataset's recipe inside the load's transaction, under the
 * dataset's lock. Every step runs as set-based SQL on the batch alone, replaying what it resolved
 * when it was applied (mappings, canonical values, fill values, fences), so the batch is cleaned as
 * the old rows were; fills along time take their neighbours from the dataset's rows, and duplicate
 * removal also drops batch rows that repeat (or fuzzily match) rows already in the dataset — a
 * batch never removes old rows. A step that cannot run on the batch is skipped and reported; if
 * the batch then does not end in the dataset's columns, nothing is appended.
 */
export async function replayRecipeOnBatch(tx: SqlRunner, t: BatchTarget, log?: Logger): Promise<BatchReplay> {
  const ds = t.dataset;
  const recipe = await readRecipeInEffect(tx, ds);
  const start = t.shape === 'input' ? ds.recipeInput : ds.columns;
  await assertStaged(tx, t, start);
  const plan = planRecipe(start!, recipe, ds.name, { keepShape: t.shape === 'current' });
  if (!sameShape(plan.final, ds.columns)) {
    throw new AppError(ErrorCode.CONFLICT, `dataset '${ds.name}' or its recipe changed while the batch was loading; nothing was appended — load the batch again`, { dataset: ds.name });
  }
  const out: BatchReplay = { table: t.staging, applied: [], skipped: [] };
  if (!plan.steps.length) return out;
  // Row order is the table's order: scans must start at its first block.
  await tx.query(`SELECT set_config('synchronize_seqscans', 'off', true)`);
  const run = new Replay(tx, ds, plan, t.staging);
  for (const [k, s] of plan.steps.entries()) {
    if (!s.run) {
      out.skipped.push({ step: stepLabel(s), reason: s.reason! });
      continue;
    }
    const reason = await inSavepoint(tx, () => run.step(k, s), (e) => log?.warn({ err: e, dataset: ds.name, step: stepLabel(s) }, 'recipe step failed on a batch'));
    if (reason === null) out.applied.push(stepLabel(s));
    else {
      if (!sameShape(s.before, s.after)) {
        throw new AppError(ErrorCode.INGEST_REJECTED, `recipe step ${stepLabel(s)} failed on the batch, so its rows cannot take the dataset's columns: ${reason}; nothing was appended`, {
          dataset: ds.name,
          position: s.position,
        });
      }
      out.skipped.push({ step: stepLabel(s), reason });
    }
  }
  for (const d of run.dedupes) {
    let notes: { step: string; reason: string }[] = [];
    const reason = await inSavepoint(tx, async () => void (notes = await run.againstDataset(d)), (e) => log?.warn({ err: e, dataset: ds.name, step: d.label }, 'duplicate check against the dataset failed'));
    out.skipped.push(...(reason === null ? notes : [{ step: d.label, reason: `duplicates were looked for within the batch only: ${reason}` }]));
  }
  out.table = run.table;
  return out;
}

/** The staging table must hold exactly the columns of the shape it was typed by (CONFLICT when the dataset moved on meanwhile). */
async function assertStaged(tx: SqlRunner, t: BatchTarget, start: CatalogColumn[] | null): Promise<void> {
  const rows = await tx.query<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [tableRef(t.staging)],
  );
  const staged = new Map(rows.map((r) => [r.name, r.type]));
  const ddl = (c: CatalogColumn) => (c.type === 'timestamp' ? 'timestamp without time zone' : sqlTypeDdl(c.type));
  const drift = (start ?? []).filter((c) => staged.get(c.name) !== ddl(c)).map((c) => c.name);
  if (!start || drift.length || staged.size !== start.length) {
    throw new AppError(ErrorCode.CONFLICT, `dataset '${t.dataset.name}' changed while the batch was loading (columns ${drift.map((d) => `'${d}'`).join(', ') || 'differ'}); nothing was appended — load the batch again`, {
      dataset: t.dataset.name,
      columns: drift,
    });
  }
}

/** A duplicate-removal step to repeat against the dataset's rows once the batch has the final columns. */
interface DedupeCheck {
  label: string;
  params: RemoveDuplicatesParams;
  /** The step's key columns under their final names (null: one was dropped later). */
  keys: string[] | null;
}

/** The batch's walk through the recipe: one work table per step, each replacing the last. */
class Replay {
  readonly dedupes: DedupeCheck[] = [];
  private n = 0;

  constructor(
    private readonly tx: SqlRunner,
    private readonly ds: LockedDataset,
    private readonly plan: RecipePlan,
    public table: string,
  ) {}

  async step(k: number, s: PlannedStep): Promise<void> {
    const view = this.view(s.before);
    const p = s.params;
    if (s.step === 'imputeMissing' && ['forward_fill', 'backward_fill', 'linear'].includes(p.method as string)) {
      await this.fillAlongTime(k, s, p as unknown as ImputeMissingParams);
      return;
    }
    const replay = s.step === 'standardizeValues' && p.method !== 'mapping' ? await this.withDatasetValues(k, p.column as string, s.resolved) : s.resolved;
    const sql = await buildStepSql(s.step as StepName, p, { db: this.tx, source: tableRef(this.table), dataset: view, purpose: 'apply', replay });
    await this.materialize(sql);
    if (s.step === 'removeDuplicates') {
      const params = p as unknown as RemoveDuplicatesParams;
      const names = params.columns ?? s.before.map((c) => c.name);
      const keys = names.map((n) => laterName(this.plan, k + 1, n));
      this.dedupes.push({ label: stepLabel(s), params, keys: keys.every((x) => x !== null) ? (keys as string[]) : null });
    }
  }

  /**
   * The dataset's values of a standardized column count as canonical for the batch: a new
   * spelling of a value the dataset already holds joins it, even one that had no variants before.
   */
  private async withDatasetValues(k: number, column: string, resolved: Record<string, unknown> | null): Promise<Record<string, unknown> | null> {
    const name = laterName(this.plan, k + 1, column);
    const c = this.ds.columns.find((x) => x.name === name);
    if (!resolved || !c || c.type !== 'text') return resolved;
    const values = await this.tx.query<{ v: string }>(`SELECT DISTINCT ${quoteIdent(c.name)} AS v FROM ${tableRef(this.ds.tableName)} WHERE ${quoteIdent(c.name)} IS NOT NULL`);
    return { ...resolved, canonicals: [...((resolved.canonicals as string[] | undefined) ?? []), ...values.map((r) => r.v)] };
  }

  /** Rows of the batch that repeat rows already in the dataset are dropped (the dataset's row is the one kept). */
  async againstDataset(d: DedupeCheck): Promise<{ step: string; reason: string }[]> {
    if (!d.keys) return [{ step: d.label, reason: 'duplicates were looked for within the batch only: a key column was dropped later in the recipe' }];
    const cur = tableRef(this.ds.tableName);
    const stg = tableRef(this.table);
    if (d.params.mode !== 'fuzzy') {
      // The most distinct key column narrows the dataset's rows to the batch's values first, a hash
      // of the batch's few values probed by one scan (a semi-join on Postgres 15 would hash the
      // dataset instead); the whole key is compared on what is left. Exact rows: nulls match nulls;
      // key mode: a null key part never matches, as in the step.
      const lead = [...d.keys].sort((x, y) => distinct(this.ds, y) - distinct(this.ds, x))[0]!;
      const keyList = d.keys.map((c) => col(c, 'b')).join(', ');
      const same =
        d.params.mode === 'key'
          ? d.keys.map((c) => `${col(c, 'm')} = ${col(c, 'a')}`).join(' AND ')
          : `ROW(${d.keys.map((c) => col(c, 'm')).join(', ')}) IS NOT DISTINCT FROM ROW(${d.keys.map((c) => col(c, 'a')).join(', ')})`;
      await this.tx.query(
        `WITH m AS MATERIALIZED (SELECT ${keyList} FROM ${cur} b WHERE ${col(lead, 'b')} IN (SELECT ${col(lead, 's')} FROM ${stg} s))
         DELETE FROM ${stg} a WHERE EXISTS (SELECT 1 FROM m WHERE ${same})`,
      );
      const [nulls] = await this.tx.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${stg} WHERE ${quoteIdent(lead)} IS NULL) AS any`);
      if (d.params.mode === 'exact' && nulls?.any) {
        await this.tx.query(`DELETE FROM ${stg} a WHERE ${col(lead, 'a')} IS NULL AND EXISTS (SELECT 1 FROM ${cur} m WHERE ${col(lead, 'm')} IS NULL AND ${same})`);
      }
      return [];
    }
    const ctx = (source: string) => ({ db: this.tx, source, dataset: this.ds });
    const spec = fuzzyMatchSpec({ ...d.params, columns: d.keys }, d.keys, this.ds.columns);
    const old = await this.candidates(spec, d.params.threshold, d.keys);
    const batch = await readRows(ctx(stg), d.keys);
    const r = findFuzzyDuplicates([...old.rows, ...batch.rows], { columns: spec, threshold: d.params.threshold, keep: 'first', blocking: DEFAULT_BLOCKING });
    const n = old.rows.length;
    const doomed = r.groups.filter((g) => g.rows.some((i) => i < n)).flatMap((g) => g.rows.filter((i) => i >= n).map((i) => batch.ids[i - n]!));
    if (doomed.length) await this.tx.query(`DELETE FROM ${stg} WHERE ctid = ANY ($1::tid[])`, [doomed]);
    return [];
  }

  /**
   * The dataset's rows that could fuzzily match a batch row. A column compared exactly whose weight
   * alone puts the threshold out of reach when it differs narrows them to the batch's values (a
   * hash semi-join), unless a batch row lacks it (a missing value is left out of the score).
   */
  private async candidates(spec: MatchColumn[], threshold: number, keys: string[]): Promise<{ rows: Row[]; ids: string[] }> {
    const total = spec.reduce((n, c) => n + (c.weight ?? 1), 0);
    const stg = tableRef(this.table);
    const narrow: string[] = [];
    for (const c of spec) {
      if (c.method !== 'exact' || (c.weight ?? 1) / total <= 1 - threshold) continue;
      const [r] = await this.tx.query<{ complete: boolean | null }>(`SELECT bool_and(${quoteIdent(c.column)} IS NOT NULL) AS complete FROM ${stg}`);
      if (r?.complete) narrow.push(`(${col(c.column, 'b')} IS NULL OR ${col(c.column, 'b')} IN (SELECT ${col(c.column, 's')} FROM ${stg} s))`);
    }
    if (!narrow.length) return readRows({ db: this.tx, source: tableRef(this.ds.tableName), dataset: this.ds }, keys);
    const rows = await this.tx.query<Record<string, unknown>>(
      `SELECT b.ctid::text AS "__id", ${keys.map((k) => col(k, 'b')).join(', ')} FROM ${tableRef(this.ds.tableName)} b WHERE ${narrow.join(' AND ')} ORDER BY b.ctid`,
    );
    const ids = rows.map((r) => r.__id as string);
    for (const r of rows) delete r.__id;
    return { rows, ids };
  }

  /**
   * Forward/backward fill and interpolation need the batch's neighbours in time: the dataset's
   * known values inside the batch's time range and the nearest one on each side join the batch
   * in a work table, the step runs over it, and only the batch's rows are kept.
   */
  private async fillAlongTime(k: number, s: PlannedStep, p: ImputeMissingParams): Promise<void> {
    const view = this.view(s.before);
    const ord = p.orderBy ? s.before.find((c) => c.name === p.orderBy) : primaryTimeColumn(view);
    const value = s.before.find((c) => c.name === p.column)!;
    const curValue = this.ds.columns.find((c) => c.name === laterName(this.plan, k + 1, value.name));
    const curOrd = ord ? this.ds.columns.find((c) => c.name === laterName(this.plan, k + 1, ord.name)) : undefined;
    const work = this.nextName();
    const flag = '__batch';
    const list = s.before.map((c) => quoteIdent(c.name)).join(', ');
    await this.tx.query(`CREATE TABLE ${tableRef(work)} AS SELECT ${list}, false AS ${quoteIdent(flag)} FROM ${tableRef(this.table)} LIMIT 0`);
    if (ord && curValue && curOrd) {
      const params = new SqlParams();
      const cast = (c: CatalogColumn, to: CatalogColumn) => `${col(c.name, 'e')}${c.type === to.type ? '' : '::text'}::${sqlTypeDdl(to.type)}`;
      const pick = [
        ...s.before.map((c) => `${c === value ? cast(curValue, value) : c === ord ? cast(curOrd, ord) : `NULL::${sqlTypeDdl(c.type)}`} AS ${quoteIdent(c.name)}`),
        `false AS ${quoteIdent(flag)}`,
      ].join(', ');
      const known = `NOT ${missingExpr(curValue, params, 'e')} AND ${col(curOrd.name, 'e')} IS NOT NULL`;
      const o = col(curOrd.name, 'e');
      const [lo, hi] = [`(SELECT min(${col(ord.name, 'b')})::${sqlTypeDdl(curOrd.type)} FROM ${tableRef(this.table)} b)`, `(SELECT max(${col(ord.name, 'b')})::${sqlTypeDdl(curOrd.type)} FROM ${tableRef(this.table)} b)`];
      const cur = tableRef(this.ds.tableName);
      // Two scans, no sort of the dataset: where the known values nearest outside the batch's span
      // are, then every known value from the one before it to the one after it.
      await this.tx.query(
        `WITH span AS (SELECT COALESCE(max(${o}) FILTER (WHERE ${o} < ${lo}), ${lo}) AS a, COALESCE(min(${o}) FILTER (WHERE ${o} > ${hi}), ${hi}) AS z FROM ${cur} e WHERE ${known})
         INSERT INTO ${tableRef(work)} SELECT * FROM (SELECT ${pick} FROM ${cur} e, span WHERE ${known} AND ${o} >= span.a AND ${o} <= span.z) x ORDER BY ${col(ord.name, 'x')}`,
        params.values,
      );
    }
    await this.tx.query(`INSERT INTO ${tableRef(work)} (${list}, ${quoteIdent(flag)}) SELECT ${list}, true FROM ${tableRef(this.table)}`);
    const withFlag = this.view([...s.before, { name: flag, label: flag, type: 'boolean', role: 'dimension', position: s.before.length, stats: null }], work);
    const sql = await buildStepSql('imputeMissing', p as unknown as Record<string, unknown>, { db: this.tx, source: tableRef(work), dataset: withFlag, purpose: 'apply' });
    const next = this.nextName();
    await this.tx.query(`CREATE TABLE ${tableRef(next)} AS SELECT ${list} FROM (${applySelect(sql)}) q WHERE q.${quoteIdent(flag)}`, sql.params.values);
    await this.tx.query(`DROP TABLE ${tableRef(work)}`);
    await this.swap(next);
  }

  private async materialize(sql: StepSql): Promise<void> {
    const next = this.nextName();
    await this.tx.query(`CREATE TABLE ${tableRef(next)} AS ${applySelect(sql)}`, sql.params.values);
    if (sql.finish) await sql.finish(this.tx, { ref: tableRef(next), schema: WAREHOUSE_SCHEMA, name: next });
    await this.swap(next);
  }

  private async swap(next: string): Promise<void> {
    await this.tx.query(`DROP TABLE ${tableRef(this.table)}`);
    this.table = next;
  }

  /** Work tables share the staging table's prefix, so a crash mid-load leaves nothing recovery misses. */
  private nextName(): string {
    return `${this.table.replace(/_r\d+$/, '')}_r${++this.n}`;
  }

  private view(columns: CatalogColumn[], table = this.table): CatalogDataset {
    return { id: this.ds.id, name: this.ds.name, label: this.ds.label, tableName: table, rowCount: 0, columns };
  }
}

/** Distinct values of a column as last profiled (0 when unknown). */
function distinct(ds: CatalogDataset, name: string): number {
  return ds.columns.find((c) => c.name === name)?.stats?.distinctCount ?? 0;
}
