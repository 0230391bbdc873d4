import { userInfo } from 'node:os';
import type { Config } from '../config/config.js';
import type { CleaningResult } from '../cleaning/cleaningService.js';
import type { QualityReport } from '../cleaning/qualityReport.js';
import { STEP_NAMES } from '../cleaning/steps/types.js';
import { badInput } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { formatTable } from './queryCommands.js';
import { withServices } from './withServices.js';

const LIST_PARAMS = new Set(['columns', 'weights', 'key']);
const FLAGS = new Set(['preview', 'json']);

/** Splits `<positionals> --name value … --flag` into positionals, options (camelCased) and flags. */
export function parseCleanArgs(argv: readonly string[]): { positionals: string[]; options: Record<string, unknown>; flags: Set<string> } {
  const positionals: string[] = [];
  const options: Record<string, unknown> = {};
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
    options[name] = parseValue(name, raw);
  }
  return { positionals, options, flags };
}

/** A command-line value: lists split on commas, JSON where it parses (numbers, booleans, objects), text otherwise. */
function parseValue(name: string, raw: string): unknown {
  if (LIST_PARAMS.has(name) && !raw.trim().startsWith('[')) return raw.split(',').map((s) => (name === 'weights' ? Number(s) : s.trim()));
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
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
export async function runQuality(config: Config, log: Logger, argv: string[]): Promise<number> {
  const { positionals, options, flags } = parseCleanArgs(argv);
  const [dataset] = positionals;
  if (!dataset) throw badInput('usage: insightql quality <dataset> [--key col1,col2] [--json]');
  return withServices(config, log, async (s) => {
    const report = await s.cleaning.dataQuality(dataset, options.key ? { key: options.key as string[] } : {});
    console.log(flags.has('json') ? JSON.stringify(report, null, 2) : formatQuality(report));
    return 0;
  });
}

/** `insightql clean <dataset> <step> [--param value …] [--preview] [--json]`. */
export async function runClean(config: Config, log: Logger, argv: string[]): Promise<number> {
  const { positionals, options, flags } = parseCleanArgs(argv);
  const [dataset, step] = positionals;
  if (!dataset || !step) throw badInput(`usage: insightql clean <dataset> <step> [--param value …] [--preview]; steps: ${STEP_NAMES.join(', ')}`);
  const params = options.params && typeof options.params === 'object' ? { ...(options.params as object), ...omit(options, 'params') } : options;
  return withServices(config, log, async (s) => {
    const r = await s.cleaning.runStep({ dataset, step, params, preview: flags.has('preview'), by: who() });
    console.log(flags.has('json') ? JSON.stringify(r, null, 2) : formatResult(r));
    return 0;
  });
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** The quality report as text: a header, a table per column, a table of findings with the command that fixes each. */
export function formatQuality(r: QualityReport): string {
  const head = `${r.dataset} (version ${r.version}): ${r.rowCount} rows${r.sampled ? `, detectors read a sample of ${r.rowsExamined}` : ''}`;
  const cols = formatTable(
    ['column', 'type', 'role', 'nulls', 'disguised', 'distinct', 'findings'],
    r.columns.map((c) => ({ column: c.name, type: c.type, role: c.role, nulls: c.nullCount, disguised: c.disguisedNullCount, distinct: c.distinctCount, findings: c.findings })),
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
export function formatResult(r: CleaningResult): string {
  const lines = [r.message, formatTable(['rows before', 'rows after', 'affected', 'failed'], [{ 'rows before': r.counts.rowsBefore, 'rows after': r.counts.rowsAfter, affected: r.counts.affected, failed: r.counts.failed }])];
  const changed = r.sample.flatMap((x, i) => x.changes.map((c) => ({ row: i + 1, column: c.column, before: cell(c.before), after: cell(c.after) })));
  if (changed.length) lines.push('', formatTable(['row', 'column', 'before', 'after'], changed));
  else if (r.sample.length) {
    const show = (row: Record<string, unknown> | null) => (row ? JSON.stringify(row).slice(0, 100) : '(removed)');
    lines.push('', formatTable(['before', 'after'], r.sample.map((x) => ({ before: show(x.before), after: show(x.after) }))));
  }
  return lines.join('\n');
}
