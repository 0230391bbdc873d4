import { z } from 'zod';
import type { CatalogColumn, CatalogDataset } from '../shared/catalog.js';
import { primaryTimeColumn } from '../shared/catalog.js';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import { timeRangeSchema, type InsightQuery } from '../insights/insightQuery.js';
import type { InsightService } from '../insights/insightService.js';
import type { CatalogRepository } from '../warehouse/catalogRepository.js';
import { formatAmount } from './trend/describeTrend.js';
import { explainChange, type Driver, type DriverRow, type DriversResult } from './drivers.js';

/** Rows read per dimension and period; the values beyond are folded into "(other)" with a note. */
export const MAX_DRIVER_VALUES = 20_000;
/** Dimensions chosen when the caller names none. */
const DEFAULT_DIMENSIONS = 5;

const period = z.object({ from: z.string().min(1), to: z.string().min(1) }).strict();
export const explainInputSchema = z
  .object({
    dataset: z.string().min(1).max(200),
    /** Absent for a count of rows. */
    measure: z.string().min(1).max(200).nullish(),
    agg: z.enum(['sum', 'count']).default('sum'),
    /** The earlier period (from inclusive, to exclusive). */
    from: period,
    /** The later period. */
    to: period,
    dimensions: z.array(z.string().min(1).max(200)).max(20).nullish(),
    top: z.number().int().min(1).max(1000).default(20),
  })
  .strict();
export type ExplainInput = z.input<typeof explainInputSchema>;

export interface ChangeExplanation extends DriversResult {
  dataset: string;
  measure: string | null;
  agg: 'sum' | 'count';
  relativeChange: number | null;
  sentence: string;
  /** The supporting InsightQueries: the measure by each dimension in the earlier and the later period. */
  queries: InsightQuery[];
}

function checkPeriod(p: { from: string; to: string }, what: string): { from: string; to: string } {
  const r = timeRangeSchema.safeParse({ from: p.from, to: p.to });
  if (!r.success) throw badInput(`${what}: ${r.error.issues[0]!.message} (from '${p.from}', to '${p.to}')`);
  if (Date.parse(p.to) <= Date.parse(p.from)) throw badInput(`${what}: 'to' (${p.to}) must be after 'from' (${p.from})`);
  return p;
}

/** Dimensions worth explaining by when none are named: categorical columns with few values, fewest first. */
export function defaultDimensions(ds: CatalogDataset, max = DEFAULT_DIMENSIONS): CatalogColumn[] {
  return ds.columns
    .filter((c) => c.role === 'dimension' && (c.stats?.distinctCount ?? 0) >= 2)
    .sort((a, b) => (a.stats?.distinctCount ?? 0) - (b.stats?.distinctCount ?? 0))
    .slice(0, max);
}

const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${formatAmount(Math.abs(x))}`;

/** One plain sentence about the change and its largest driver. */
export function describeChange(label: string, r: DriversResult, relative: number | null, from: string, to: string): string {
  const verb = r.change > 0 ? 'rose' : r.change < 0 ? 'fell' : 'did not change';
  const pct = relative === null ? '' : ` (${signed(100 * relative)}%)`;
  const head = r.change === 0 ? `${label} did not change between ${from} and ${to}` : `${label} ${verb} by ${formatAmount(Math.abs(r.change))}${pct} from ${from} to ${to}`;
  const top = r.drivers.find((d) => d.value !== '(other)');
  if (!top || r.change === 0) return head;
  const share = top.share === null ? '' : `, ${Math.round(100 * top.share)}% of the change`;
  return `${head}; the largest contribution came from ${top.dimension} = ${top.value} (${signed(top.contribution)}${share})`;
}

/**
 * Explains the change of an additive measure between two periods by the contribution of each
 * value of each dimension (the drivers), read through the insight compiler.
 */
export class DriversService {
  constructor(
    private readonly insights: InsightService,
    private readonly catalog: CatalogRepository,
  ) {}

  /** Drivers of the change of `measure` from the earlier period to the later one, ranked by |contribution|. */
  async explain(input: unknown): Promise<ChangeExplanation> {
    const parsed = explainInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw badInput(`invalid explainChange input${issue.path.length ? ` at ${issue.path.join('.')}` : ''}: ${issue.message}`);
    }
    const q = parsed.data;
    if (q.agg === 'sum' && !q.measure) throw badInput("aggregation 'sum' needs a measure column");
    const before = checkPeriod(q.from, 'from');
    const after = checkPeriod(q.to, 'to');
    const ds = await this.catalog.getCatalogDataset(q.dataset);
    const time = primaryTimeColumn(ds);
    if (!time) throw badInput(`dataset ${ds.name} has no time column, so it has no periods to compare`);
    const dims = q.dimensions?.length ? q.dimensions : defaultDimensions(ds).map((c) => c.name);
    if (!dims.length) throw badInput(`dataset ${ds.name} has no dimension to explain a change by; name one in 'dimensions'`);
    const measure = { column: q.measure ?? null, agg: q.agg, as: 'driver_value' } as const;
    const run = async (range: { from: string; to: string }, dim: string | null) =>
      this.insights.runQuery(
        {
          dataset: ds.name,
          measures: [measure],
          dimensions: dim ? [dim] : [],
          time: { column: time.name, range },
          orderBy: dim ? [{ field: 'driver_value', direction: 'desc' }] : [],
          limit: MAX_DRIVER_VALUES,
        },
        ds,
      );
    const total = async (range: { from: string; to: string }) => Number((await run(range, null)).rows[0]?.driver_value ?? 0);
    const totalBefore = await total(before);
    const totalAfter = await total(after);
    const notes: string[] = [];
    const results: DriversResult[] = [];
    const queries: InsightQuery[] = [];
    for (const dim of dims) {
      const [b, a] = [await run(before, dim), await run(after, dim)];
      const name = b.columns.find((c) => c.role === 'dimension')!.name;
      queries.push(b.query, a.query);
      const cells = new Map<string, { before: number; after: number }>();
      const add = (rows: Record<string, unknown>[], key: 'before' | 'after') => {
        for (const r of rows) {
          const v = r[name] == null ? '(null)' : String(r[name]);
          const c = cells.get(v) ?? { before: 0, after: 0 };
          c[key] += Number(r.driver_value ?? 0);
          cells.set(v, c);
        }
      };
      add(b.rows, 'before');
      add(a.rows, 'after');
      const rows: DriverRow[] = [...cells.entries()].map(([v, c]) => ({ dims: { [name]: v }, ...c }));
      // Values cut by the row cap still belong to the totals: their remainder is one "(other)" row.
      let sumB = 0;
      let sumA = 0;
      for (const r of rows) {
        sumB += r.before;
        sumA += r.after;
      }
      const restB = totalBefore - sumB;
      const restA = totalAfter - sumA;
      if (b.truncated || a.truncated) {
        notes.push(`${name}: more than ${MAX_DRIVER_VALUES} values in a period; the smallest are folded into "(other)"`);
        rows.push({ dims: { [name]: '(other)' }, before: restB, after: restA });
      }
      results.push(explainChange(rows, { top: q.top }));
    }
    const drivers: Driver[] = results.flatMap((r) => r.drivers).sort((x, y) => Math.abs(y.contribution) - Math.abs(x.contribution));
    const change = totalAfter - totalBefore;
    const merged: DriversResult = {
      totalBefore,
      totalAfter,
      change,
      drivers: drivers.slice(0, q.top),
      dimensions: results.flatMap((r) => r.dimensions).sort((x, y) => y.topShare - x.topShare),
      notes: [...notes, ...results.flatMap((r) => r.notes)],
    };
    if (!Number.isFinite(change)) throw new AppError(ErrorCode.BAD_INPUT, 'the totals of the two periods are not finite numbers');
    const relativeChange = totalBefore !== 0 ? change / Math.abs(totalBefore) : null;
    const label = q.measure ? `${q.agg} of ${q.measure}` : 'row count';
    return {
      ...merged,
      dataset: ds.name,
      measure: q.measure ?? null,
      agg: q.agg,
      relativeChange,
      sentence: describeChange(label, merged, relativeChange, `${before.from}…${before.to}`, `${after.from}…${after.to}`),
      queries,
    };
  }
}
