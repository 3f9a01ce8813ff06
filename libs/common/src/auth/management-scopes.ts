import { ForbiddenException } from '@nestjs/common';
import { COMMON_MESSAGES } from '../common.messages.js';
import type { ManagementScope } from './authorize.interface.js';

/** Every scope; a principal without `scopes` has all of them. */
export const MANAGEMENT_SCOPES: readonly ManagementScope[] = ['webhooks:read', 'webhooks:write'];

/** Methods that only read: `webhooks:read` is enough for them, every other one needs `webhooks:write`. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request of `method` needs. */
export function requiredScope(method: string): ManagementScope {
  return READ_METHODS.has(method.toUpperCase()) ? 'webhooks:read' : 'webhooks:write';
}

/**
 * Refuses a request the caller's scopes do not cover (a read-only caller writing).
 * @param holder who holds the scopes, as the message names it (`This API key`).
 * @throws ForbiddenException (403 `forbidden`) naming the missing scope.
 */
export function assertScopeAllows(
  method: string,
  scopes: readonly ManagementScope[],
  holder = 'The caller',
): void {
  const needed = requiredScope(method);
  if (scopes.includes(needed)) return;
  throw new ForbiddenException({
    code: 'forbidden',
    message: COMMON_MESSAGES.scopeMissing(holder, needed, method.toUpperCase()),
    details: [{ field: 'scope', message: COMMON_MESSAGES.scopeMissingDetail(needed, scopes) }],
  });
}
