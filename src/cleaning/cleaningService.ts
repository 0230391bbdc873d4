import { randomBytes } from 'node:crypto';
import { currentTenant } from '../auth/requestScope.js';
import type { CatalogColumn } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput, isAppError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { inferRole } from '../ingest/inferRole.js';
import { profileTable } from '../ingest/profiler.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { didYouMean } from '../shared/suggest.js';
import type { RecipeReplayReport } from '../warehouse/entities/IngestionRunEntity.js';
import { inSavepoint } from '../warehouse/savepoint.js';
import { canonical, lineage, stepLabel, stepsInEffect } from './recipePlan.js';
import { changedCells, type CellChange } from './previewChanges.js';
import { dataQualityReport, type QualityOptions, type QualityReport } from './qualityReport.js';
import { analysisSelect, applySelect, buildStepSql, type StepSql } from './sql/index.js';
import { getStep, validateStep, type StepName } from './steps/index.js';
import { parseParams } from './steps/params.js';
import {
  WAREHOUSE_SCHEMA,
  appendRecipeStep,
  commitVersion,
  ensureVersionRecorded,
  listVersions,
  lockDataset,
  readDataset,
  readRecipe,
  setRecipeInEffect,
  setRecipeInput,
  setRecipeResolved,
  tableRef,
  writeRecipe,
  type DatasetVersion,
  type LockedDataset,
  type RecipeStep,
} from './versionStore.js';

export interface CleaningOptions {
  /** How long a step waits for another step or load on the same dataset before CONFLICT. */
  lockTimeoutMs: number;
  /** Statement timeout of a preview (it runs read-only). */
  previewTimeoutMs: number;
  /** Before/after rows a preview shows. */
  sampleSize: number;
}

export const DEFAULT_CLEANING_OPTIONS: CleaningOptions = { lockTimeoutMs: 10_000, previewTimeoutMs: 120_000, sampleSize: 10 };

export interface StepRequest {
  dataset: string;
  step: string;
  params: unknown;
  preview?: boolean;
  /** Who asked (shown in the version's lineage). */
  by?: string | null;
}

export interface CleaningCounts {
  rowsBefore: number;
  rowsAfter: number;
  /** Rows removed, or rows whose values change. */
  affected: number;
  /** Values that could not be converted and became null. */
  failed: number;
}

export interface CleaningResult {
  preview: boolean;
  applied: boolean;
  /** The version created (null for a preview). */
  version: number | null;
  counts: CleaningCounts;
  /** Previews: sample rows before and after, with the cells the step changes in each. */
  sample: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; changes: CellChange[] }[];
  message: string;
  details: Record<string, unknown>;
}

/**
 * The cleaning service: runs the pure steps as set-based SQL over the current version of a
 * dataset. Applying writes a new table and makes it the current version in one transaction under
 * the dataset's advisory lock, so two steps (or a step and a load) never interleave; previews run
 * read-only and write nothing. Old versions stay until pruned explicitly.
 */
export class CleaningService {
  private readonly opts: CleaningOptions;

  constructor(
    private readonly wh: Warehouse,
    private readonly log: Logger,
    opts: Partial<CleaningOptions> = {},
  ) {
    this.opts = { ...DEFAULT_CLEANING_OPTIONS, ...opts };
  }

  /** Previews or applies one step. */
  async runStep(req: StepRequest): Promise<CleaningResult> {
    const step = getStep(req.step).name;
    if (req.preview) {
      return this.wh.readOnly(this.opts.previewTimeoutMs, async (tx) => {
        const ds = await this.mustRead(tx, req.dataset);
        const params = validateStep(step, req.params, ds);
        return this.preview(tx, ds, step, params);
      });
    }
    return this.locked(req.dataset, async (tx, ds) => {
      const params = validateStep(step, req.params, ds);
      const r = await this.applyOne(tx, ds, step, params, req.by ?? null);
      await appendRecipeStep(tx, ds.id, step, params, r.resolved, ds.columns);
      return r.result;
    });
  }

  /** The quality report: pure detectors over data read with SQL, each finding with its fix. */
  async dataQuality(dataset: string, opts: QualityOptions = {}): Promise<QualityReport> {
    return this.wh.readOnly(this.opts.previewTimeoutMs, async (tx) => dataQualityReport(tx, await this.mustRead(tx, dataset), opts));
  }

  /** Every version of the dataset, newest first. */
  async versions(dataset: string): Promise<DatasetVersion[]> {
    const ds = await this.mustRead(this.wh, dataset);
    const list = await listVersions(this.wh, ds);
    if (list.some((v) => v.version === ds.version)) return list;
    // Never cleaned: the load itself is the only version.
    return [
      { version: ds.version, parentVersion: null, step: 'ingest', params: {}, counts: { rowsAfter: ds.rowCount }, columns: ds.columns, createdAt: new Date(), createdBy: 'ingest', tableName: ds.tableName, current: true, available: true },
      ...list,
    ];
  }

  /** Makes a copy of an earlier version's rows the new current version (nothing is deleted). */
  async revert(dataset: string, version: number, by: string | null = null): Promise<CleaningResult> {
    return this.locked(dataset, async (tx, ds) => {
      await ensureVersionRecorded(tx, ds);
      const versions = await listVersions(tx, ds);
      const target = versions.find((v) => v.version === version);
      if (!target) {
        const known = versions.map((v) => v.version).sort((a, b) => a - b);
        throw new AppError(ErrorCode.NOT_FOUND, `dataset '${ds.name}' has no version ${version} (versions: ${known.join(', ')})`, { dataset: ds.name, version, versions: known });
      }
      if (!target.available) {
        throw new AppError(ErrorCode.NOT_FOUND, `version ${version} of '${ds.name}' can no longer be restored: its rows were pruned`, { dataset: ds.name, version });
      }
      const table = newTableName();
      await tx.query(`CREATE TABLE ${tableRef(table)} AS SELECT * FROM ${tableRef(target.tableName)}`);
      const profile = await profileTable(tx, WAREHOUSE_SCHEMA, table, target.columns.map((c) => ({ name: c.name, type: c.type })));
      const columns = target.columns.map((c, i) => ({ ...c, position: i, stats: profile.stats[i]! }));
      const counts = { rowsBefore: ds.rowCount, rowsAfter: profile.rowCount, affected: Math.abs(ds.rowCount - profile.rowCount), failed: 0 };
      const v = await commitVersion(tx, ds, { table, step: 'revert', params: { toVersion: version }, counts, columns, rowCount: profile.rowCount, by });
      // New rows go through the steps that made the restored rows, not the ones undone.
      const line = lineage(versions, version);
      const recipe = await readRecipe(tx, ds.id);
      if (line.root && recipe.length) await setRecipeInEffect(tx, ds.id, line.root.columns, stepsInEffect(recipe, line.steps));
      return { preview: false, applied: true, version: v, counts, sample: [], message: `'${ds.name}' restored to the rows of version ${version} as version ${v} (${profile.rowCount} rows)`, details: { toVersion: version } };
    });
  }

  /** Drops the rows of all but the newest `keep` versions (the current one always stays); their lineage stays listed. */
  async prune(dataset: string, keep: number): Promise<{ pruned: number[]; kept: number[] }> {
    if (!Number.isInteger(keep) || keep < 1) throw badInput(`keep must be a whole number of at least 1, got ${keep}`, { parameter: 'keep' });
    return this.locked(dataset, async (tx, ds) => {
      await ensureVersionRecorded(tx, ds);
      const versions = (await listVersions(tx, ds)).filter((v) => v.available);
      const kept = versions.filter((v, i) => i < keep || v.current);
      const keepTables = new Set([ds.tableName, ...kept.map((v) => v.tableName)]);
      const pruned: number[] = [];
      for (const v of versions) {
        if (kept.includes(v)) continue;
        if (!keepTables.has(v.tableName)) await tx.query(`DROP TABLE IF EXISTS ${tableRef(v.tableName)}`);
        await tx.query(`UPDATE catalog.dataset_versions SET pruned_at = now() WHERE dataset_id = $1 AND version = $2`, [ds.id, v.version]);
        pruned.push(v.version);
      }
      return { pruned: pruned.sort((a, b) => a - b), kept: kept.map((v) => v.version).sort((a, b) => a - b) };
    });
  }

  /** The dataset's recipe: the steps applied so far, in order. */
  async recipe(dataset: string): Promise<RecipeStep[]> {
    const ds = await this.mustRead(this.wh, dataset);
    return readRecipe(this.wh, ds.id);
  }

  /** Replaces the recipe (step names and parameters are checked; columns are checked when it runs). */
  async editRecipe(dataset: string, steps: { step: string; params?: unknown; enabled?: boolean }[]): Promise<RecipeStep[]> {
    const parsed = steps.map((s, i) => {
      try {
        const def = getStep(s.step);
        return { step: def.name as string, params: parseParams(def.name, def.schema, s.params ?? {}) as Record<string, unknown>, enabled: s.enabled ?? true };
      } catch (e) {
        if (isAppError(e)) throw new AppError(e.code, `recipe step ${i + 1}: ${e.message}`, { ...e.details, position: i + 1 });
        throw e;
      }
    });
    return this.locked(dataset, async (tx, ds) => {
      const old = await readRecipe(tx, ds.id);
      // A recipe written from nothing starts from the dataset as it is now.
      if (!old.length) await setRecipeInput(tx, ds.id, ds.columns);
      const same = (a: { step: string; params: unknown }, b: { step: string; params: unknown }) => a.step === b.step && canonical(a.params) === canonical(b.params);
      await writeRecipe(tx, ds.id, parsed.map((s) => ({ ...s, resolved: old.find((o) => same(o, s))?.resolved ?? null })));
      // Positions are renumbered: every step of the edited recipe is in effect.
      await tx.query(`UPDATE catalog.datasets SET recipe_active = NULL WHERE id = $1`, [ds.id]);
      return readRecipe(tx, ds.id);
    });
  }

  /**
   * Reruns the enabled recipe steps on the current version, one new version per step, all or
   * nothing. Each step's resolution (mapping, fill, fences) is the one batches replay from then on.
   */
  async applyRecipe(dataset: string, by: string | null = null): Promise<CleaningResult[]> {
    return this.locked(dataset, async (tx, first) => {
      const steps = (await readRecipe(tx, first.id)).filter((s) => s.enabled);
      if (!steps.length) throw badInput(`dataset '${first.name}' has no enabled recipe steps to apply`, { dataset: first.name });
      await setRecipeInput(tx, first.id, first.columns);
      const results: CleaningResult[] = [];
      let ds = first;
      for (const s of steps) {
        try {
          const r = await this.rerunStep(tx, ds, s, by);
          results.push(r.result);
          ds = r.dataset;
        } catch (e) {
          if (isAppError(e)) throw new AppError(e.code, `recipe step ${s.position} (${s.step}): ${e.message}; nothing was applied`, { ...e.details, position: s.position });
          throw e;
        }
      }
      return results;
    });
  }

  /**
   * After a load replaced a cleaned dataset's rows (inside the load's transaction, under its lock):
   * reruns the recipe on the new rows, one version per step. A step that fails is reported and the
   * steps after it are not run; the versions made before it stay.
   */
  async rerunRecipeIn(tx: SqlRunner, dataset: string, by: string | null): Promise<RecipeReplayReport | null> {
    let ds = await this.mustRead(tx, dataset);
    const steps = (await readRecipe(tx, ds.id)).filter((s) => s.enabled);
    if (!steps.length) return null;
    await setRecipeInput(tx, ds.id, ds.columns);
    const report: RecipeReplayReport = { shape: 'rerun', applied: [], skipped: [] };
    for (const [i, s] of steps.entries()) {
      const reason = await inSavepoint(tx, async () => void (ds = (await this.rerunStep(tx, ds, s, by)).dataset), (e) => this.log.warn({ err: e, dataset: ds.name, step: stepLabel(s) }, 'recipe step failed after a load'));
      if (reason === null) {
        report.applied.push(stepLabel(s));
        continue;
      }
      report.skipped.push({ step: stepLabel(s), reason });
      for (const later of steps.slice(i + 1)) report.skipped.push({ step: stepLabel(later), reason: `not run: step ${stepLabel(s)} failed` });
      break;
    }
    return report;
  }

  /** Applies one stored recipe step anew and keeps what it resolved; returns its result and the dataset after it. */
  private async rerunStep(tx: SqlRunner, ds: LockedDataset, s: RecipeStep, by: string | null): Promise<{ result: CleaningResult; dataset: LockedDataset }> {
    const params = validateStep(s.step, s.params, ds);
    const r = await this.applyOne(tx, ds, s.step as StepName, params, by);
    await setRecipeResolved(tx, ds.id, s.position, r.resolved);
    return { result: r.result, dataset: await this.mustRead(tx, ds.name) };
  }

  private async preview(tx: SqlRunner, ds: LockedDataset, step: StepName, params: Record<string, unknown>): Promise<CleaningResult> {
    const sql = await this.build(tx, ds, step, params, 'preview');
    const v = sql.params.values;
    const before = ds.rowCount;
    const after = sql.removesRows ? Number((await tx.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM (${applySelect(sql, false)}) q`, v))[0]?.n ?? 0) : before;
    const affected = sql.removesRows ? before - after : (sql.affected ?? (await this.countChanged(tx, sql)));
    const counts = { rowsBefore: before, rowsAfter: after, affected, failed: sql.failed };
    const n = this.opts.sampleSize;
    const src = tableRef(ds.tableName);
    const rows = sql.removesRows
      ? (await tx.query<{ before: Record<string, unknown> }>(`SELECT to_jsonb(s0) AS before FROM ${src} s0 WHERE NOT EXISTS (SELECT 1 FROM (${analysisSelect(sql)}) q WHERE q."__src" = s0.ctid) LIMIT ${n}`, v)).map((r) => ({ before: r.before, after: null }))
      : await tx.query<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
          `SELECT to_jsonb(s0) AS before, to_jsonb(q) - '__src' - '__chg' AS after FROM (${analysisSelect(sql)}) q JOIN ${src} s0 ON s0.ctid = q."__src" WHERE q."__chg" LIMIT ${n}`,
          v,
        );
    const sample = rows.map((r) => ({ ...r, changes: changedCells(r.before, r.after) }));
    return { preview: true, applied: false, version: null, counts, sample, message: describe(step, ds.name, counts, true, null, sql.details), details: sql.details };
  }

  private async applyOne(tx: SqlRunner, ds: LockedDataset, step: StepName, params: Record<string, unknown>, by: string | null): Promise<{ result: CleaningResult; resolved: Record<string, unknown> | null }> {
    const sql = await this.build(tx, ds, step, params, 'apply');
    const table = newTableName();
    await tx.query(`CREATE TABLE ${tableRef(table)} AS ${applySelect(sql)}`, sql.params.values);
    if (sql.finish) {
      const f = await sql.finish(tx, { ref: tableRef(table), schema: WAREHOUSE_SCHEMA, name: table });
      Object.assign(sql, { affected: f.affected, failed: f.failed, details: { ...sql.details, ...f.details } });
    }
    const profile = await profileTable(tx, WAREHOUSE_SCHEMA, table, sql.columns.map((c) => ({ name: c.name, type: c.type })));
    const before = ds.rowCount;
    const after = profile.rowCount;
    const affected = sql.removesRows ? before - after : (sql.affected ?? (await this.countChanged(tx, sql)));
    const counts = { rowsBefore: before, rowsAfter: after, affected, failed: sql.failed };
    const columns: CatalogColumn[] = sql.columns.map((c, i) => {
      const stats = profile.stats[i]!;
      const role = c.role ?? inferRole({ name: c.name, label: c.label, type: c.type, stats: { distinctCount: stats.distinctCount, nullCount: stats.nullCount, rowCount: after } });
      return { name: c.name, label: c.label, type: c.type, role, position: i, stats };
    });
    const version = await commitVersion(tx, ds, { table, step, params, counts, columns, rowCount: after, by });
    this.log.info({ dataset: ds.name, step, version, counts }, 'cleaning step applied');
    return {
      result: { preview: false, applied: true, version, counts, sample: [], message: describe(step, ds.name, counts, false, version, sql.details), details: sql.details },
      resolved: sql.resolved,
    };
  }

  private async build(tx: SqlRunner, ds: LockedDataset, step: StepName, params: Record<string, unknown>, purpose: 'apply' | 'preview'): Promise<StepSql> {
    // Row order is the table's order: scans must start at its first block.
    await tx.query(`SELECT set_config('synchronize_seqscans', 'off', true)`);
    return buildStepSql(step, params, { db: tx, source: tableRef(ds.tableName), dataset: ds, purpose });
  }

  private async countChanged(tx: SqlRunner, sql: StepSql): Promise<number> {
    const [r] = await tx.query<{ n: number }>(`SELECT count(*)::float8 AS n FROM (${analysisSelect(sql)}) q WHERE q."__chg"`, sql.params.values);
    return Number(r?.n ?? 0);
  }

  /** Runs `fn` in one transaction holding the dataset's lock, with the dataset re-read under it. */
  private async locked<T>(dataset: string, fn: (tx: SqlRunner, ds: LockedDataset) => Promise<T>): Promise<T> {
    const name = (await this.mustRead(this.wh, dataset)).name;
    return this.wh.transaction(async (tx) => {
      await lockDataset(tx, name, this.opts.lockTimeoutMs);
      return fn(tx, await this.mustRead(tx, name));
    });
  }

  private async mustRead(db: SqlRunner, dataset: string): Promise<LockedDataset> {
    const ds = await readDataset(db, dataset);
    if (ds) return ds;
    const all = await db.query<{ name: string }>(`SELECT name FROM catalog.datasets WHERE tenant_id = $1`, [currentTenant()]);
    throw new AppError(ErrorCode.DATASET_NOT_FOUND, `no dataset '${dataset}'${didYouMean(dataset, all.map((x) => x.name))}`, { dataset });
  }
}

function newTableName(): string {
  return `ds_${randomBytes(6).toString('hex')}`;
}

/** One sentence about what a step did or would do. */
function describe(step: StepName, dataset: string, c: CleaningCounts, preview: boolean, version: number | null, details: Record<string, unknown>): string {
  const verb = preview ? 'would' : '';
  let what: string;
  if (c.rowsAfter < c.rowsBefore) what = `${preview ? 'would remove' : 'removed'} ${c.rowsBefore - c.rowsAfter} of ${c.rowsBefore} rows`;
  else if (step === 'renameColumn') what = `${preview ? 'would rename' : 'renamed'} '${details.from}' to '${details.to}'`;
  else if (step === 'dropColumns') what = `${preview ? 'would drop' : 'dropped'} ${(details.dropped as string[]).map((d) => `'${d}'`).join(', ')}`;
  else what = `${preview ? 'would change' : 'changed'} ${c.affected} of ${c.rowsBefore} rows`;
  const failed = c.failed ? `; ${c.failed} value(s) could not be converted and ${verb ? 'would become' : 'became'} null` : '';
  const where = version !== null ? `; '${dataset}' is now at version ${version}` : ' (preview: nothing was written)';
  return `${step} ${what}${failed}${where}`;
}
