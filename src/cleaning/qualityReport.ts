import type { SqlType, ColumnRole } from '../shared/catalog.js';
import type { SqlRunner } from '../warehouse/sqlRunner.js';
import { quoteIdent } from '../warehouse/warehouse.js';
import { assessQuality, type Finding } from './detect/index.js';
import { shareOf } from './detect/types.js';
import { requireColumn } from './steps/params.js';
import { SqlParams, missingExpr } from './sql/sqlParams.js';
import { tableRef, type LockedDataset } from './versionStore.js';

/** Rows the detectors read: every row up to this, a repeatable sample of about this many beyond. */
export const QUALITY_SAMPLE_ROWS = 50_000;

export interface QualityOptions {
  /** Key columns to check for duplicate keys. */
  key?: string[];
  sampleRows?: number;
  /** Today, for dates in the future (default: the clock). */
  now?: Date;
}

export interface ColumnQuality {
  name: string;
  type: SqlType;
  role: ColumnRole;
  nullCount: number;
  disguisedNullCount: number;
  distinctCount: number;
  findings: number;
}

export interface QualityReport {
  dataset: string;
  version: number;
  rowCount: number;
  /** Rows the pure detectors saw (duplicates and null counts are always over every row). */
  rowsExamined: number;
  sampled: boolean;
  columns: ColumnQuality[];
  findings: Finding[];
}

/**
 * Builds the quality report: the pure detectors (assessQuality) over the rows read with SQL (all of
 * them for small tables, a repeatable block sample for large ones); exact duplicate rows and keys,
 * nulls and disguised nulls are counted in SQL over the whole table (GROUP BY an md5 of the row).
 */
export async function dataQualityReport(db: SqlRunner, ds: LockedDataset, opts: QualityOptions): Promise<QualityReport> {
  const key = (opts.key ?? []).map((k, i) => requireColumn(ds, k, 'dataQuality', `key.${i}`).name);
  const src = tableRef(ds.tableName);
  const limit = opts.sampleRows ?? QUALITY_SAMPLE_ROWS;
  const sampled = ds.rowCount > limit;
  const pct = sampled ? Math.min(100, (100 * limit) / ds.rowCount) : 100;
  const list = ds.columns.map((c) => quoteIdent(c.name)).join(', ');
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${list} FROM ${src}${sampled ? ` TABLESAMPLE SYSTEM (${pct.toFixed(6)}) REPEATABLE (7)` : ''} LIMIT ${Math.round(limit * 1.5)}`,
  );
  const pure = assessQuality({ columns: ds.columns, rows, now: opts.now ?? new Date(), ...(key.length ? { key } : {}) });
  // Duplicates over the whole table replace the sample's; the rest stays as the detectors said.
  const findings = pure.findings.filter((f) => f.kind !== 'duplicate_rows' && f.kind !== 'duplicate_keys');
  const exact = await duplicateFinding(db, src, ds.columns.map((c) => c.name), ds.rowCount, null);
  const keyed = key.length ? await duplicateFinding(db, src, key, ds.rowCount, key) : null;
  findings.unshift(...[exact, keyed].filter((f): f is Finding => f !== null));

  const params = new SqlParams();
  const exprs = ds.columns.flatMap((c, i) => [
    `count(*) FILTER (WHERE ${quoteIdent(c.name)} IS NULL)::float8 AS "n${i}"`,
    `count(*) FILTER (WHERE ${missingExpr(c, params, 't')} AND ${quoteIdent(c.name)} IS NOT NULL)::float8 AS "d${i}"`,
  ]);
  const [counts] = ds.columns.length ? await db.query<Record<string, number>>(`SELECT ${exprs.join(', ')} FROM ${src} t`, params.values) : [{}];
  const columns = ds.columns.map((c, i) => ({
    name: c.name,
    type: c.type,
    role: c.role,
    nullCount: Number(counts?.[`n${i}`] ?? 0),
    disguisedNullCount: Number(counts?.[`d${i}`] ?? 0),
    distinctCount: c.stats?.distinctCount ?? 0,
    findings: findings.filter((f) => f.column === c.name).length,
  }));
  return { dataset: ds.name, version: ds.version, rowCount: ds.rowCount, rowsExamined: rows.length, sampled, columns, findings };
}

/** Exact duplicate rows (key null) or duplicate keys over the whole table, by GROUP BY in SQL. */
async function duplicateFinding(db: SqlRunner, src: string, columns: string[], rowCount: number, key: string[] | null): Promise<Finding | null> {
  const cols = columns.map((c) => `t.${quoteIdent(c)}`);
  // A row's identity is the md5 of its text (nulls included, as GROUP BY sees them); keys skip null parts.
  const ident = `md5(ROW(${cols.join(', ')})::text)`;
  const where = key ? `WHERE ${cols.map((c) => `${c} IS NOT NULL`).join(' AND ')}` : '';
  const [r] = await db.query<{ removed: number; groups: number }>(
    `SELECT COALESCE(sum(c - 1), 0)::float8 AS removed, count(*)::float8 AS groups FROM (SELECT count(*) AS c FROM ${src} t ${where} GROUP BY ${ident} HAVING count(*) > 1) g`,
  );
  const removed = Number(r?.removed ?? 0);
  if (removed === 0) return null;
  const examples = await db.query<{ v: string; c: number }>(
    `SELECT min(ROW(${cols.join(', ')})::text) AS v, count(*)::float8 AS c FROM ${src} t ${where} GROUP BY ${ident} HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 5`,
  );
  const groups = Number(r!.groups);
  return {
    kind: key ? 'duplicate_keys' : 'duplicate_rows',
    column: key ? key.join(', ') : null,
    count: removed,
    share: shareOf(removed, rowCount),
    examples: examples.map((e) => ({ value: e.v.slice(0, 200), count: Number(e.c) })),
    message: key ? `${removed} row(s) repeat a key (${key.join(', ')}) of another row (${groups} key(s))` : `${removed} row(s) repeat another row exactly (${groups} group(s))`,
    fix: key ? { step: 'removeDuplicates', params: { mode: 'key', columns: key, keep: 'most_complete' } } : { step: 'removeDuplicates', params: { mode: 'exact', keep: 'first' } },
  };
}
