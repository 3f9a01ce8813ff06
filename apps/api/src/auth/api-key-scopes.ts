import { ForbiddenException } from '@nestjs/common';

/** What an API key may do (Rapidly's scopes): read the webhooks API, or also change it. */
export type ApiKeyScope = 'webhooks:read' | 'webhooks:write';

/** Every scope; a key configured without scopes has all of them. */
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['webhooks:read', 'webhooks:write'];

/** Methods that only read: `webhooks:read` is enough for them, every other one needs `webhooks:write`. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The scope a request of `method` needs. */
export function requiredScope(method: string): ApiKeyScope {
  return READ_METHODS.has(method.toUpperCase()) ? 'webhooks:read' : 'webhooks:write';
}

/**
 * Refuses a request its key's scopes do not cover (a read-only key writing).
 * @throws ForbiddenException (403 `forbidden`) naming the missing scope.
 */
export function assertScopeAllows(method: string, scopes: readonly ApiKeyScope[]): void {
  const needed = requiredScope(method);
  if (scopes.includes(needed)) return;
  throw new ForbiddenException({
    code: 'forbidden',
    message: `This API key lacks the ${needed} scope that ${method.toUpperCase()} requests need.`,
    details: [{ field: 'scope', message: `${needed} is required; the key has ${scopes.join(', ')}` }],
  });
}
