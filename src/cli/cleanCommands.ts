import { userInfo } from 'node:os';
import type { Config } from '../config/config.js';
import { badInput } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { argsFor, operationFor, rootField } from './graphqlValues.js';
import { formatTable } from './queryCommands.js';
import { withTransport, type TransportOptions } from './transport.js';

const FLAGS = new Set(['preview', 'json']);

/** The cleaning steps: each is the mutation of the same name, its options the mutation's arguments. */
export const STEP_MUTATIONS = ['removeDuplicates', 'standardizeValues', 'trimAndCase', 'coerceType', 'imputeMissing', 'handleOutliers', 'renameColumn', 'dropColumns'] as const;

/** What the CLI reads of a step's result. */
export const RESULT_FIELDS = '{ preview applied version counts { rowsBefore rowsAfter affected failed } sample { before after changes { column before after } } message details }';

/**
 * Splits `<positionals> --name value … --flag` into positionals, options (camelCased, as the text
 * given: the GraphQL argument's type decides what it becomes) and flags.
 */
export function parseCleanArgs(argv: readonly string[]): { positionals: string[]; options: Record<string, string>; flags: Set<string> } {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const [rawName, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const name = rawName.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (FLAGS.has(name)) {
      flags.add(name);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw badInput(`option --${rawName} needs a value`);
    options[name] = raw;
  }
  return { positionals, options, flags };
}

/** Who a CLI change is recorded as in the version lineage. */
export const who = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
};

/** `insightql quality <dataset> [--key a,b] [--json]`. */
export async function runQuality(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals, options, flags } = parseCleanArgs(argv);
  const [dataset] = positionals;
  if (!dataset) throw badInput('usage: insightql quality <dataset> [--key col1,col2] [--json]');
  const field = rootField('Query', 'dataQuality', ['dataQuality'], 'report');
  const args = argsFor(field, { dataset, ...options }, true);
  return withTransport(config, log, via, async (t) => {
    const { dataQuality: report } = await t.request<{ dataQuality: QualityReportOut }>(operationFor('query', field, args, QUALITY_FIELDS), args);
    console.log(flags.has('json') ? JSON.stringify(report, null, 2) : formatQuality(report));
    return 0;
  });
}

const QUALITY_FIELDS =
  '{ dataset version rowCount rowsExamined sampled columns { name type role nullCount disguisedNullCount distinctCount findings } findings { kind column count share message examples { value count } fix { step params } } }';

/** A quality report as the API returns it. */
export interface QualityReportOut {
  dataset: string;
  version: number;
  rowCount: number;
  rowsExamined: number;
  sampled: boolean;
  columns: { name: string; type: string; role: string; nullCount: number; disguisedNullCount: number; distinctCount: number; findings: number }[];
  findings: { kind: string; column: string | null; count: number; share: number; message: string; examples: { value: string; count: number }[]; fix: { step: string; params: Record<string, unknown> } | null }[];
}

/** A step's result as the API returns it. */
export interface CleaningResultOut {
  message: string;
  counts: { rowsBefore: number; rowsAfter: number; affected: number; failed: number };
  sample: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; changes?: { column: string; before: unknown; after: unknown }[] }[];
}

/**
 * `insightql clean <dataset> <step> [--param value …] [--preview] [--json]`: the step's mutation,
 * each `--option` one of its arguments (`--params '{…}'` sets several at once).
 */
export async function runClean(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals, options, flags } = parseCleanArgs(argv);
  const [dataset, step] = positionals;
  if (!dataset || !step) throw badInput(`usage: insightql clean <dataset> <step> [--param value …] [--preview]; steps: ${STEP_MUTATIONS.join(', ')}`);
  const field = rootField('Mutation', step, STEP_MUTATIONS, 'step');
  const { params, ...rest } = options;
  let fromJson: Record<string, unknown> = {};
  try {
    if (params !== undefined) fromJson = JSON.parse(params) as Record<string, unknown>;
  } catch {
    throw badInput(`--params must be a JSON object of the step's parameters, e.g. '{"column":"price"}'`);
  }
  const args = { ...argsFor(field, fromJson, false), ...argsFor(field, { dataset, ...rest }, true), ...(flags.has('preview') ? { preview: true } : {}) };
  return withTransport(config, log, via, async (t) => {
    const r = (await t.request<Record<string, CleaningResultOut>>(operationFor('mutation', field, args, RESULT_FIELDS), args))[step]!;
    console.log(flags.has('json') ? JSON.stringify(r, null, 2) : formatResult(r));
    return 0;
  });
}

/** The quality report as text: a header, a table per column, a table of findings with the command that fixes each. */
export function formatQuality(r: QualityReportOut): string {
  const head = `${r.dataset} (version ${r.version}): ${r.rowCount} rows${r.sampled ? `, detectors read a sample of ${r.rowsExamined}` : ''}`;
  const cols = formatTable(
    ['column', 'type', 'role', 'nulls', 'disguised', 'distinct', 'findings'],
    r.columns.map((c) => ({ column: c.name, type: c.type.toLowerCase(), role: c.role.toLowerCase(), nulls: c.nullCount, disguised: c.disguisedNullCount, distinct: c.distinctCount, findings: c.findings })),
  );
  if (!r.findings.length) return `${head}\n\n${cols}\n\nNo problems found.`;
  const findings = formatTable(
    ['kind', 'column', 'rows', 'share', 'finding', 'fix'],
    r.findings.map((f) => ({
      kind: f.kind,
      column: f.column ?? '(rows)',
      rows: f.count,
      share: `${(100 * f.share).toFixed(1)}%`,
      finding: f.message.length > 90 ? `${f.message.slice(0, 89)}…` : f.message,
      fix: f.fix ? `clean ${r.dataset} ${f.fix.step} ${cliParams(f.fix.params)}` : '',
    })),
  );
  return `${head}\n\n${cols}\n\n${r.findings.length} finding(s):\n${findings}`;
}

function cliParams(params: Record<string, unknown>): string {
  return Object.entries(params)
    .map(([k, v]) => {
      const text = Array.isArray(v) && v.every((x) => typeof x === 'string' && !x.includes(',')) ? v.join(',') : typeof v === 'string' ? v : JSON.stringify(v);
      return `--${k} ${/^[\w.,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`}`;
    })
    .join(' ');
}

/** A changed cell as text: a dropped column's after (and an added one's before) shows as a dash. */
const cell = (v: unknown): string => (v === undefined ? '—' : v === null ? 'null' : typeof v === 'object' || typeof v === 'string' ? JSON.stringify(v) : String(v)).slice(0, 60);

/** A step result as text: the sentence, the counts, and the sample rows of a preview. */
export function formatResult(r: CleaningResultOut): string {
  const lines = [r.message, formatTable(['rows before', 'rows after', 'affected', 'failed'], [{ 'rows before': r.counts.rowsBefore, 'rows after': r.counts.rowsAfter, affected: r.counts.affected, failed: r.counts.failed }])];
  const changed = r.sample.flatMap((x, i) => (x.changes ?? []).map((c) => ({ row: i + 1, column: c.column, before: cell(c.before), after: cell(c.after) })));
  if (changed.length) lines.push('', formatTable(['row', 'column', 'before', 'after'], changed));
  else if (r.sample.length) {
    const show = (row: Record<string, unknown> | null) => (row ? JSON.stringify(row).slice(0, 100) : '(removed)');
    lines.push('', formatTable(['before', 'after'], r.sample.map((x) => ({ before: show(x.before), after: show(x.after) }))));
  }
  return lines.join('\n');
}
