import type { Config } from '../config/config.js';
import { badInput } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { formatResult, parseCleanArgs, RESULT_FIELDS, type CleaningResultOut } from './cleanCommands.js';
import { formatTable } from './queryCommands.js';
import { withTransport, type TransportOptions } from './transport.js';

const short = (v: unknown, n = 60): string => {
  const s = JSON.stringify(v) ?? '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

interface VersionOut {
  version: number;
  parentVersion: number | null;
  step: string;
  params: Record<string, unknown>;
  counts: Record<string, unknown>;
  createdAt: string;
  createdBy: string | null;
  current: boolean;
  available: boolean;
}

/** `insightql versions <dataset> [--json]`: every version with its lineage, newest first. */
export async function runVersions(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals, flags } = parseCleanArgs(argv);
  const [dataset] = positionals;
  if (!dataset) throw badInput('usage: insightql versions <dataset> [--json]');
  return withTransport(config, log, via, async (t) => {
    const { datasetVersions: list } = await t.request<{ datasetVersions: VersionOut[] }>(
      'query Versions($dataset: String!) { datasetVersions(dataset: $dataset) { version parentVersion step params counts createdAt createdBy current available } }',
      { dataset },
    );
    if (flags.has('json')) {
      console.log(JSON.stringify(list, null, 2));
      return 0;
    }
    console.log(
      formatTable(
        ['version', 'step', 'params', 'rows when made', 'by', 'at', 'state'],
        list.map((v) => ({
          version: v.version,
          step: v.step,
          params: Object.keys(v.params).length ? short(v.params) : '',
          'rows when made': (v.counts.rowsAfter as number | undefined) ?? '',
          by: v.createdBy ?? '',
          at: v.createdAt.slice(0, 19).replace('T', ' '),
          state: v.current ? 'current' : v.available ? 'restorable' : 'pruned',
        })),
      ),
    );
    return 0;
  });
}

/** `insightql revert <dataset> <version>`: the rows of an earlier version become a new current version. */
export async function runRevert(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals } = parseCleanArgs(argv);
  const [dataset, version] = positionals;
  const v = Number(version);
  if (!dataset || !Number.isInteger(v)) throw badInput('usage: insightql revert <dataset> <version>');
  return withTransport(config, log, via, async (t) => {
    const { revertDataset: r } = await t.request<{ revertDataset: CleaningResultOut }>(
      `mutation Revert($dataset: String!, $version: Int!) { revertDataset(dataset: $dataset, version: $version) ${RESULT_FIELDS} }`,
      { dataset, version: v },
    );
    console.log(formatResult(r));
    return 0;
  });
}

/** `insightql prune <dataset> --keep N`: drops the rows of all but the newest N versions (their lineage stays). */
export async function runPrune(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals, options } = parseCleanArgs(argv);
  const [dataset] = positionals;
  const keep = Number(options.keep);
  if (!dataset || options.keep === undefined || !Number.isInteger(keep)) throw badInput('usage: insightql prune <dataset> --keep N');
  return withTransport(config, log, via, async (t) => {
    const { pruneDatasetVersions: r } = await t.request<{ pruneDatasetVersions: { pruned: number[]; kept: number[] } }>(
      'mutation Prune($dataset: String!, $keep: Int!) { pruneDatasetVersions(dataset: $dataset, keep: $keep) { pruned kept } }',
      { dataset, keep },
    );
    const list = (xs: number[]) => (xs.length ? xs.join(', ') : 'none');
    console.log(`${dataset}: pruned ${list(r.pruned)}; kept ${list(r.kept)}`);
    return 0;
  });
}

interface RecipeStepOut {
  position: number;
  step: string;
  params: Record<string, unknown>;
  enabled: boolean;
}

/** `insightql recipe <dataset> [--json]`: the cleaning steps new data goes through, in order. */
export async function runRecipe(config: Config, log: Logger, argv: string[], via: TransportOptions): Promise<number> {
  const { positionals, flags } = parseCleanArgs(argv);
  const [dataset] = positionals;
  if (!dataset) throw badInput('usage: insightql recipe <dataset> [--json]');
  return withTransport(config, log, via, async (t) => {
    const { recipe: steps } = await t.request<{ recipe: RecipeStepOut[] }>('query Recipe($dataset: String!) { recipe(dataset: $dataset) { position step params enabled resolved } }', { dataset });
    if (flags.has('json')) console.log(JSON.stringify(steps, null, 2));
    else if (!steps.length) console.log(`${dataset} has no recipe yet: apply a cleaning step with insightql clean`);
    else console.log(formatTable(['position', 'step', 'params', 'enabled'], steps.map((x) => ({ position: x.position, step: x.step, params: short(x.params, 80), enabled: x.enabled ? 'yes' : 'no' }))));
    return 0;
  });
}
