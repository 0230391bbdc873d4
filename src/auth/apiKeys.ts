import { hash, randomBytes } from 'node:crypto';
import { AppError, ErrorCode, badInput } from '../shared/errors.js';
import type { Role, RowFilter } from './principal.js';
import { checkTenantId } from './tenantId.js';

/**
 * API keys, pure part: the key text, its hash and the parsing of what a key carries. A key is
 * `iql_` + 8 characters of id prefix + `_` + 32 random bytes (base64url): far too much entropy
 * to guess, so a plain SHA-256 is the stored form (a slow hash would only slow every request).
 */
export const ROLES: readonly Role[] = ['viewer', 'analyst', 'admin'];

const KEY = /^iql_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const MAX_FILTERS = 20;

/** A new key's text and its prefix (shown in lists; the rest is never stored). */
export function newKeyText(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8);
  return { key: `iql_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

/** The stored hash of a key. */
export function hashKey(key: string): string {
  // One-shot crypto.hash: about 4× cheaper than createHash().update().digest(), and every
  // authenticated request hashes its key (the verified-key cache is keyed by the hash).
  return hash('sha256', key, 'hex');
}

/** True when `text` has the shape of an API key (anything else cannot be one). */
export function looksLikeKey(text: string): boolean {
  return KEY.test(text);
}

/** The role, or BAD_INPUT naming the allowed ones. */
export function parseRole(text: string): Role {
  const r = text.trim().toLowerCase();
  if (!(ROLES as readonly string[]).includes(r)) throw badInput(`role '${text}' is not one of ${ROLES.join(', ')}`, { argument: 'role' });
  return r as Role;
}

/** "column=value" → a row filter; BAD_INPUT for anything else. */
export function parseRowFilter(text: string): RowFilter {
  const i = text.indexOf('=');
  const column = i > 0 ? text.slice(0, i).trim() : '';
  const value = i > 0 ? text.slice(i + 1).trim() : '';
  if (!column || !value) throw badInput(`row filter '${text}' is not of the form column=value`, { argument: 'rows' });
  if (column.length > 200 || value.length > 1000 || /\u0000/.test(text)) throw badInput(`row filter '${text.slice(0, 80)}' is too long or has a NUL byte`, { argument: 'rows' });
  return { column, value };
}

/** Validates what a new key carries. */
export function checkKeySpec(spec: { tenantId: string; role: string; rowFilters: readonly RowFilter[] }): { tenantId: string; role: Role; rowFilters: RowFilter[] } {
  if (spec.rowFilters.length > MAX_FILTERS) throw badInput(`a key takes at most ${MAX_FILTERS} row filters`, { argument: 'rows' });
  const rowFilters = spec.rowFilters.map((f) => parseRowFilter(`${f.column}=${f.value}`));
  return { tenantId: checkTenantId(spec.tenantId), role: parseRole(spec.role), rowFilters };
}

/** The error of a request without a valid key. */
export function unauthenticated(message = 'a valid API key is required: send Authorization: Bearer <key>'): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, message);
}

/** The error of a role that lacks a right. */
export function forbidden(message: string): AppError {
  return new AppError(ErrorCode.FORBIDDEN, message);
}
