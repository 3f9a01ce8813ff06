import { Inject, Injectable } from '@nestjs/common';
import type { Authorizer, ManagementRequest, Principal } from '@org/common';
import { PORTAL_SCOPES, PortalSessionAuthenticator } from './portal-session.authenticator.js';

/**
 * Portal sessions as an `authorize` implementation: a request with `Authorization: Portal <token>`
 * is the token's workspace with both scopes, on the portal's routes only ({@link PORTAL_ROUTES}; 403
 * elsewhere, 401 for a bad or expired token); any other request is not its to answer (`null`), so
 * a host composes it with its own check: `firstOf(portal, apiKeys)` from `@org/common`. Exported by
 * `ConsoleModule`; give the class itself as `authorize` where portal sessions are the only callers.
 * @example
 * WebhooksModule.forRoot({ authorize: PortalAuthorizer })
 */
@Injectable()
export class PortalAuthorizer implements Authorizer {
  constructor(@Inject(PortalSessionAuthenticator) private readonly sessions: PortalSessionAuthenticator) {}

  /**
   * The portal session's principal, or `null` when the request presents none.
   * @throws PortalTokenException (401) for a bad or expired token.
   * @throws ForbiddenException (403) for an operation the portal does not offer.
   */
  authorize(request: ManagementRequest): Principal | null {
    const token = this.sessions.presentedToken(request);
    if (token === null) return null;
    const claims = this.sessions.authenticate(request, token);
    return { workspace: claims.workspace, scopes: PORTAL_SCOPES };
  }
}
