import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { PORTAL_AUTH_SCHEME } from '../console.constants.js';
import { CONSOLE_MESSAGES } from '../console.messages.js';
import { PORTAL_ROUTES } from './portal-routes.js';
import { PortalTokenService, type PortalClaims } from './portal-token.service.js';

/** The parts of a request the authenticator reads. */
export interface PortalRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** Express's matched route (`route.path`: `/api/webhooks/:id`). */
  route?: { path?: unknown };
  /** Fastify's matched route (`routeOptions.url`: `/api/webhooks/:id`). */
  routeOptions?: { url?: unknown };
  /** Set here: the token's workspace, as a workspace-bound API key would. */
  workspace?: string | null;
  /** Set here: the verified session. */
  portal?: PortalClaims;
  /** Set here: {@link PORTAL_SCOPES}. */
  scopes?: readonly string[];
}

/** Scopes a portal session holds: read and write, on the {@link PORTAL_ROUTES} only. */
export const PORTAL_SCOPES = ['webhooks:read', 'webhooks:write'] as const;

/**
 * Portal sessions, under `PortalAuthorizer` (and a host's pre-body checks): a request carrying
 * `Authorization: Portal <token>` is a portal session, verified on every call and bound to the
 * token's workspace; any other request is left to the host's own check. Methods are `protected` so
 * a host can narrow them.
 */
@Injectable()
export class PortalSessionAuthenticator {
  constructor(@Inject(PortalTokenService) private readonly tokens: PortalTokenService) {}

  /** The raw token when the request presents a portal session, else `null`. */
  presentedToken(request: Pick<PortalRequest, 'headers'>): string | null {
    const authorization = request.headers.authorization;
    if (typeof authorization !== 'string') return null;
    const match = new RegExp(`^${PORTAL_AUTH_SCHEME}\\s+(.+)$`, 'i').exec(authorization);
    return match ? match[1].trim() : null;
  }

  /**
   * Verifies the token alone (signature, expiry), for checks made before the route is known.
   * @throws PortalTokenException (401) for a bad or expired token.
   */
  verify(token: string): PortalClaims {
    return this.tokens.verify(token);
  }

  /**
   * Verifies the token and that the route is open to portals, then binds the request to the
   * token's workspace (`request.workspace`, `request.portal`, `request.scopes`).
   * @throws PortalTokenException (401) for a bad or expired token.
   * @throws ForbiddenException (403) for an operation the portal does not offer.
   */
  authenticate(request: PortalRequest, token: string): PortalClaims {
    const claims = this.verify(token);
    if (!this.allows(request.method, matchedRoute(request)))
      throw new ForbiddenException({ code: 'forbidden', message: CONSOLE_MESSAGES.routeNotInPortal });
    request.workspace = claims.workspace;
    request.portal = claims;
    request.scopes = PORTAL_SCOPES;
    return claims;
  }

  /** Whether a portal may call `method` on the route `routePath` (the host's prefix in front is fine). */
  protected allows(method: string, routePath: string): boolean {
    const path = routePath.replace(/\/+$/, '');
    return PORTAL_ROUTES.some((route) => route.method === method.toUpperCase() && path.endsWith(route.path));
  }
}

/** The pattern of the route the request matched, on Express or on Fastify; `''` before routing. */
function matchedRoute(request: Pick<PortalRequest, 'route' | 'routeOptions'>): string {
  const pattern = request.route?.path ?? request.routeOptions?.url;
  return typeof pattern === 'string' ? pattern : '';
}
