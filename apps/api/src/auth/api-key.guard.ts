import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, SIGNATURE_AUTHENTICATED } from '@org/common';
import { PortalSessionAuthenticator, type PortalRequest } from '@org/console';
import {
  ApiKeyAuthenticator,
  type ApiKeyAuthenticatedRequest,
  type KeyedRequest,
} from './api-key.authenticator.js';
import { assertScopeAllows } from './api-key-scopes.js';
import { IS_PUBLIC } from './public.decorator.js';
import { selectWorkspace, type WorkspaceSelectingRequest } from './workspace-selection.js';

type RequestWithHeaders = AuthenticatedRequest &
  KeyedRequest &
  ApiKeyAuthenticatedRequest &
  WorkspaceSelectingRequest &
  PortalRequest & { method: string };

/**
 * Global guard of the management API: `X-Api-Key: KEY` or `Authorization: Bearer KEY` (see
 * {@link ApiKeyAuthenticator}; the pre-body gate normally checked the key already, before the body was
 * read, and left it on the request). The key's scopes must allow the method (`api-key-scopes.ts`), and
 * the request acts in the key's workspace or, for a key bound to none, in the one it names
 * (`workspace-selection.ts`, which needs the parsed body), set as `request.workspace`. Ingest routes,
 * which authenticate by the sender's signature, and public routes (health) pass through.
 * `Authorization: Portal <token>` is a consumer-portal session instead: @org/console's
 * {@link PortalSessionAuthenticator} verifies it, allows the portal's routes only and binds the
 * request to the token's workspace.
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 * @throws TooManyFailedAuthenticationsException (429) after too many failures from one address.
 * @throws ForbiddenException (403) when the key's scopes do not allow the method, or the route is not
 * open to portal sessions.
 * @throws PortalTokenException (401) for a tampered or expired portal token.
 * @throws NotFoundException (404) when a key bound to a workspace names another.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
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
    const entry = request.apiKey ?? this.authenticator.authenticate(request);
    assertScopeAllows(request.method, entry.scopes);
    request.workspace = selectWorkspace(request, entry);
    return true;
  }
}
