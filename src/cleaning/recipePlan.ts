import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { isAppError } from '../shared/errors.js';
import { flagName } from './steps/handleOutliers.js';
import { validateStep } from './steps/index.js';
import type { RecipeStep } from './versionStore.js';

/** The shapes a new batch of a dataset may arrive in. */
export interface BatchShapes {
  /** The columns the recipe starts from (the source's shape), when the recipe turns them into the current ones. */
  input: CatalogColumn[] | null;
  current: CatalogColumn[];
}

export type BatchShape = 'input' | 'current';

/** One recipe step as it will run on a table of a known shape. */
export interface PlannedStep {
  position: number;
  step: string;
  /** Validated parameters (defaults filled in); the stored ones when the step is skipped. */
  params: Record<string, unknown>;
  resolved: Record<string, unknown> | null;
  /** False when the step cannot run on this shape (`reason` says why). */
  run: boolean;
  reason: string | null;
  /** Columns before and after the step. */
  before: CatalogColumn[];
  after: CatalogColumn[];
}

export interface RecipePlan {
  steps: PlannedStep[];
  /** The columns the recipe leaves. */
  final: CatalogColumn[];
}

/** `"3:coerceType"`: how reports name a recipe step. */
export const stepLabel = (s: { position: number; step: string }): string => `${s.position}:${s.step}`;

/**
 * Walks the enabled steps of a recipe over a starting set of columns without touching data:
 * which steps can run (their columns exist with the right types) and the columns each leaves.
 * With `keepShape`, steps that would change the columns are left out (rows already in the final shape).
 * It decides whether a batch of a given shape ends in the dataset's shape before any row moves.
 */
export function planRecipe(start: CatalogColumn[], recipe: RecipeStep[], datasetName = 'batch', opts: { keepShape?: boolean } = {}): RecipePlan {
  let cols = start;
  const steps: PlannedStep[] = [];
  const enabled = recipe.filter((s) => s.enabled);
  for (const [i, step] of enabled.entries()) {
    // Rows in the final shape know a column by the name a later step gave it.
    const s = opts.keepShape ? { ...step, params: renamedRefs(step.params, enabled.slice(i + 1), cols) } : step;
    // A batch in the cleaned shape already has an outlier step's flag column: it is computed afresh.
    const flag = s.step === 'handleOutliers' && s.params.action === 'flag' ? flagName(s.params as { column: string; flagColumn?: string; method?: string }) : null;
    const ds: CatalogDataset = { id: '', name: datasetName, label: datasetName, tableName: '', rowCount: 0, columns: cols.filter((c) => c.name !== flag) };
    try {
      const params = validateStep(s.step, s.params, ds);
      const after = shapeAfter(s.step, params, cols);
      if (opts.keepShape && !sameShape(cols, after)) {
        const why = 'it would change the columns, and the rows already have the dataset\'s columns';
        steps.push({ position: s.position, step: s.step, params, resolved: s.resolved, run: false, reason: why, before: cols, after: cols });
        continue;
      }
      steps.push({ position: s.position, step: s.step, params, resolved: s.resolved, run: true, reason: null, before: cols, after });
      cols = after;
    } catch (e) {
      if (!isAppError(e)) throw e;
      steps.push({ position: s.position, step: s.step, params: s.params, resolved: s.resolved, run: false, reason: e.message, before: cols, after: cols });
    }
  }
  return { steps, final: cols };
}

/** The columns a step leaves: only renames, drops, coercions and outlier flags change them. */
export function shapeAfter(step: string, p: Record<string, unknown>, cols: CatalogColumn[]): CatalogColumn[] {
  switch (step) {
    case 'renameColumn':
      return cols.map((c) => (c.name === p.column ? { ...c, name: p.newName as string, label: p.newName as string } : c));
    case 'dropColumns': {
      const drop = new Set(p.columns as string[]);
      return cols.filter((c) => !drop.has(c.name));
    }
    case 'coerceType':
      return cols.map((c) => (c.name === p.column ? { ...c, type: p.to as CatalogColumn['type'] } : c));
    case 'handleOutliers': {
      if (p.action !== 'flag') return cols;
      const name = flagName(p as { column: string; flagColumn?: string; method?: string });
      return [...cols.filter((c) => c.name !== name), { name, label: name, type: 'boolean', role: 'dimension', position: cols.length, stats: null }];
    }
    default:
      return cols;
  }
}

/** A step's column references, each moved to the name later renames give it when only that name exists in `cols`. */
function renamedRefs(params: Record<string, unknown>, later: RecipeStep[], cols: CatalogColumn[]): Record<string, unknown> {
  const have = new Set(cols.map((c) => c.name));
  const forward = (name: string): string => {
    if (have.has(name)) return name;
    let n = name;
    for (const s of later) if (s.step === 'renameColumn' && s.params.column === n) n = s.params.newName as string;
    return have.has(n) ? n : name;
  };
  const out = { ...params };
  for (const k of ['column', 'orderBy']) if (typeof out[k] === 'string') out[k] = forward(out[k] as string);
  if (Array.isArray(out.columns)) out.columns = (out.columns as string[]).map(forward);
  return out;
}

/** The name a column has at the end of the recipe, from step index `from` on (null once dropped). */
export function laterName(plan: RecipePlan, from: number, name: string): string | null {
  let n: string | null = name;
  for (const s of plan.steps.slice(from)) {
    if (!s.run || n === null) continue;
    if (s.step === 'renameColumn' && s.params.column === n) n = s.params.newName as string;
    else if (s.step === 'dropColumns' && (s.params.columns as string[]).includes(n)) n = null;
  }
  return n;
}

/** True when two column lists hold the same names with the same types, in any order. */
export function sameShape(a: Pick<CatalogColumn, 'name' | 'type'>[], b: Pick<CatalogColumn, 'name' | 'type'>[]): boolean {
  if (a.length !== b.length) return false;
  const types = new Map(a.map((c) => [c.name, c.type]));
  return b.every((c) => types.get(c.name) === c.type);
}

/** A version as lineage needs it. */
export interface VersionLink {
  version: number;
  parentVersion: number | null;
  step: string;
  params: Record<string, unknown>;
  columns: CatalogColumn[];
}

/**
 * The steps that made a version's rows, oldest first, and the load they started from: parents are
 * followed back to an `ingest` version, and a `revert` stands for the version it restored.
 */
export function lineage(versions: VersionLink[], version: number): { steps: { step: string; params: Record<string, unknown> }[]; root: VersionLink | null } {
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const steps: { step: string; params: Record<string, unknown> }[] = [];
  let v = byVersion.get(version);
  // Each hop goes to an older version, so the walk ends; the bound guards against damaged lineage rows.
  for (let hops = 0; v && hops <= versions.length; hops++) {
    if (v.step === 'ingest') return { steps: steps.reverse(), root: v };
    if (v.step === 'revert') {
      v = byVersion.get(Number(v.params.toVersion));
      continue;
    }
    steps.push({ step: v.step, params: v.params });
    v = v.parentVersion === null ? undefined : byVersion.get(v.parentVersion);
  }
  return { steps: steps.reverse(), root: null };
}

/** Positions of the recipe steps a lineage went through, matched in order by step and parameters. */
export function stepsInEffect(recipe: RecipeStep[], steps: { step: string; params: Record<string, unknown> }[]): number[] {
  const out: number[] = [];
  let i = 0;
  for (const s of steps) {
    let j = i;
    while (j < recipe.length && !(recipe[j]!.step === s.step && canonical(recipe[j]!.params) === canonical(s.params))) j++;
    if (j === recipe.length) continue;
    out.push(recipe[j]!.position);
    i = j + 1;
  }
  return out;
}

/** JSON with object keys sorted, so equal parameters compare equal whatever their key order (jsonb reorders keys). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
