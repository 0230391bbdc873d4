import { forbidden } from './apiKeys.js';
import { hasRole, type Principal, type Role } from './principal.js';

/**
 * Who may call what. viewer: query, ask, subscribe, export; analyst: also ingest, clean, train;
 * admin: also keys. Root fields not listed need `viewer` (Query, Subscription) or `analyst`
 * (Mutation). A key with row filters sees only part of each dataset, so anything that shows or
 * changes a dataset as a whole (cleaning previews, versions, loads and their rejected rows) is
 * refused to it, whatever its role.
 */
const ROLES: Record<string, Role> = {
  'Query.dataQuality': 'analyst',
  'Query.datasetVersions': 'analyst',
  'Query.recipe': 'analyst',
  'Query.apiKeys': 'admin',
  'Mutation.answerFeedback': 'viewer',
  // Anyone removes their own learned words; tenant-wide ones are checked for analyst in LearnedWords.
  'Mutation.forgetLearnedWord': 'viewer',
  'Mutation.createApiKey': 'admin',
  'Mutation.revokeApiKey': 'admin',
  'Mutation.saveQuestion': 'viewer',
  'Mutation.recordOpened': 'viewer',
};

/** Mutations a key with row filters may still use: what they make carries its filters (an embed token) or is its own. */
const ROW_FILTER_SAFE = new Set(['Mutation.answerFeedback', 'Mutation.createEmbedToken', 'Mutation.saveQuestion', 'Mutation.recordOpened']);

/** Fields that show a dataset's rows or loads beyond what row filters allow. */
const WHOLE_DATASET = new Set(['Query.ingestionRun', 'Dataset.ingestionRuns']);

const DEFAULT_ROLE: Record<string, Role> = { Query: 'viewer', Subscription: 'viewer', Mutation: 'analyst' };

/** The role a root field needs. */
export function requiredRole(type: string, field: string): Role {
  return ROLES[`${type}.${field}`] ?? DEFAULT_ROLE[type] ?? 'viewer';
}

/** Throws FORBIDDEN when the principal may not use `type.field`. */
export function checkAccess(p: Principal, type: string, field: string): void {
  const key = `${type}.${field}`;
  if (type in DEFAULT_ROLE) {
    const need = requiredRole(type, field);
    if (!hasRole(p, need)) throw forbidden(`'${field}' needs the ${need} role; this key is ${p.role}`);
    if (p.rowFilters.length && need !== 'viewer' && !ROW_FILTER_SAFE.has(key)) {
      throw forbidden(`'${field}' works on whole datasets; a key with row filters cannot use it`);
    }
  }
  if (p.rowFilters.length && WHOLE_DATASET.has(key)) throw forbidden(`'${field}' shows whole datasets; a key with row filters cannot use it`);
}
