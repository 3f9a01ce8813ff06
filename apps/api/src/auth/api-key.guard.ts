import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, safeEqual, SIGNATURE_AUTHENTICATED } from '@org/common';
import { APP_CONFIG, type AppConfig, type ApiKeyEntry } from '../config/app-config.js';
import { assertScopeAllows } from './api-key-scopes.js';
import { IS_PUBLIC } from './public.decorator.js';
import { selectWorkspace, type WorkspaceSelectingRequest } from './workspace-selection.js';

interface RequestWithHeaders extends AuthenticatedRequest, WorkspaceSelectingRequest {
  method: string;
}

/**
 * Global guard of the management API: `X-Api-Key: KEY` or `Authorization: Bearer KEY`, compared in
 * constant time against every configured key. The key's scopes must allow the method
 * (`api-key-scopes.ts`), and the request acts in the key's workspace or, for a key bound to none, in
 * the one it names (`workspace-selection.ts`), set as `request.workspace`. Ingest routes, which
 * authenticate by the sender's signature, and public routes (health) pass through.
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 * @throws ForbiddenException (403) when the key's scopes do not allow the method.
 * @throws NotFoundException (404) when a key bound to a workspace names another.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SIGNATURE_AUTHENTICATED, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    const presented = this.extractKey(request);
    const entry = presented === null ? null : this.findKey(presented);
    if (!entry) this.throwUnauthorized(presented === null);
    assertScopeAllows(request.method, entry.scopes);
    request.workspace = selectWorkspace(request, entry);
    return true;
  }

  /** The key the caller presented, from `X-Api-Key` or a Bearer token. */
  protected extractKey(request: RequestWithHeaders): string | null {
    const header = request.headers['x-api-key'];
    if (typeof header === 'string' && header.length > 0) return header;
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(.+)$/i.exec(authorization);
      if (match) return match[1].trim();
    }
    return null;
  }

  /** Compares against every key, without stopping at the first match, so timing says nothing. */
  protected findKey(presented: string): ApiKeyEntry | null {
    let found: ApiKeyEntry | null = null;
    for (const entry of this.config.apiKeys) {
      if (safeEqual(presented, entry.key) && found === null) found = entry;
    }
    return found;
  }

  protected throwUnauthorized(missing: boolean): never {
    throw new UnauthorizedException({
      code: 'unauthorized',
      message: missing
        ? 'An API key is required: send X-Api-Key: KEY or Authorization: Bearer KEY.'
        : 'The API key is not valid.',
    });
  }
}
