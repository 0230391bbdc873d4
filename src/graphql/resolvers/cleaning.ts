import type { StepName } from '../../cleaning/steps/index.js';
import { lower } from './enums.js';
import type { DatasetVersion } from '../../cleaning/versionStore.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { Finding } from '../../cleaning/detect/types.js';
import { asMutationArguments } from '../argumentSpelling.js';
import type { Context } from '../context.js';


/** Step arguments as the step's parameters: everything but the dataset and preview flag, nulls dropped. */
function paramsOf(a: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(a).filter(([k, v]) => k !== 'dataset' && k !== 'preview' && v !== null && v !== undefined));
}

const step = (name: StepName) => (_: unknown, a: Record<string, unknown> & { dataset: string; preview?: boolean }, ctx: Context) =>
  ctx.services.cleaning.runStep({ dataset: a.dataset, step: name, params: paramsOf(a), preview: a.preview ?? false, by: ctx.actor ?? 'graphql' });

export const cleaningResolvers = {
  enums: {
    DedupeMode: lower(['exact', 'key', 'fuzzy']),
    KeepPolicy: lower(['first', 'last', 'most_complete']),
    SimilarityMetric: lower(['jaro_winkler', 'levenshtein']),
    StandardizeMethod: lower(['fingerprint', 'ngram', 'metaphone', 'double_metaphone', 'levenshtein', 'jaro_winkler', 'mapping']),
    TextCase: lower(['keep', 'lower', 'upper', 'title']),
    CoerceOnError: { SET_NULL: 'null', REJECT: 'reject' },
    PercentRule: lower(['number', 'fraction']),
    DateOrder: lower(['auto', 'mdy', 'dmy']),
    ImputeMethod: lower(['mean', 'median', 'mode', 'constant', 'forward_fill', 'backward_fill', 'linear']),
    InterpolationEdges: lower(['leave', 'nearest']),
    OutlierMethod: lower(['iqr', 'mad', 'percentile']),
    OutlierAction: lower(['flag', 'cap', 'remove']),
  },
  Query: {
    dataQuality: (_: unknown, a: { dataset: string; key?: string[] | null }, ctx: Context) => ctx.services.cleaning.dataQuality(a.dataset, a.key ? { key: a.key } : {}),
    datasetVersions: (_: unknown, a: { dataset: string }, ctx: Context) => ctx.services.cleaning.versions(a.dataset),
    recipe: (_: unknown, a: { dataset: string }, ctx: Context) => ctx.services.cleaning.recipe(a.dataset),
  },
  Mutation: {
    removeDuplicates: step('removeDuplicates'),
    standardizeValues: step('standardizeValues'),
    trimAndCase: step('trimAndCase'),
    coerceType: step('coerceType'),
    imputeMissing: step('imputeMissing'),
    handleOutliers: step('handleOutliers'),
    renameColumn: step('renameColumn'),
    dropColumns: step('dropColumns'),
    revertDataset: (_: unknown, a: { dataset: string; version: number }, ctx: Context) => ctx.services.cleaning.revert(a.dataset, a.version, ctx.actor ?? 'graphql'),
    pruneDatasetVersions: (_: unknown, a: { dataset: string; keep: number }, ctx: Context) => ctx.services.cleaning.prune(a.dataset, a.keep),
    applyRecipe: (_: unknown, a: { dataset: string }, ctx: Context) => ctx.services.cleaning.applyRecipe(a.dataset, ctx.actor ?? 'graphql'),
    editRecipe: (_: unknown, a: { dataset: string; steps: { step: string; params?: unknown; enabled?: boolean }[] }, ctx: Context) =>
      ctx.services.cleaning.editRecipe(a.dataset, a.steps.map((s) => ({ step: s.step, params: s.params ?? {}, enabled: s.enabled ?? true }))),
  },
  DatasetVersion: {
    columns: (v: DatasetVersion) => v.columns.map((c) => c.name),
  },
  QualityFinding: {
    fix: (f: Finding, _: unknown, __: unknown, info: GraphQLResolveInfo) =>
      f.fix ? { step: f.fix.step, params: asMutationArguments(info.schema, f.fix.step, f.fix.params) } : null,
  },
};
