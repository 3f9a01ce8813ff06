import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PortalSessionAuthenticator } from '@org/console';
import { AuthenticatedRequest, safeEqual, SIGNATURE_AUTHENTICATED } from '@org/common';
import { APP_CONFIG, type AppConfig, type ApiKeyEntry } from '../config/app-config.js';
import { IS_PUBLIC } from './public.decorator.js';

interface RequestWithHeaders extends AuthenticatedRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Global guard of the management API: `X-Api-Key: KEY` or `Authorization: Bearer KEY`, compared in
 * constant time against every configured key. A key bound to a workspace scopes the request to it
 * (`request.workspace`). `Authorization: Portal <token>` is a consumer-portal session, verified by
 * @org/console's `PortalSessionAuthenticator` and bound to the token's workspace. Ingest routes, which authenticate by the sender's signature, and public
 * routes (health) pass through.
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PortalSessionAuthenticator) private readonly portal: PortalSessionAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SIGNATURE_AUTHENTICATED, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    const portalToken = this.portal.presentedToken(request);
    if (portalToken !== null) {
      this.portal.authenticate(request, portalToken);
      return true;
    }
    const presented = this.extractKey(request);
    const entry = presented === null ? null : this.findKey(presented);
    if (!entry) this.throwUnauthorized(presented === null);
    request.workspace = entry.workspace;
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
