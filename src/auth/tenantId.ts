import { AppError, ErrorCode } from '../shared/errors.js';

// Tenant ids reach SQL as literals in per-table policies (DDL takes no bind parameters), so they
// are held to a plain form: letters, digits, '_', '-', '.', starting with a letter or digit.
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** True when `id` is a usable tenant id. */
export function isTenantId(id: string): boolean {
  return TENANT_ID.test(id);
}

/** The tenant id, or BAD_INPUT naming what is allowed. */
export function checkTenantId(id: string): string {
  if (!isTenantId(id)) {
    throw new AppError(ErrorCode.BAD_INPUT, `tenant '${id.slice(0, 80)}' is not a valid tenant id: use 1-63 letters, digits, '_', '-' or '.', starting with a letter or digit`, { argument: 'tenant' });
  }
  return id;
}
