import { Injectable } from '@nestjs/common';
import { firstOf, type Authorizer, type ManagementRequest, type Principal } from '@org/common';
import { PortalAuthorizer } from '@org/console';
import { ApiKeyAuthorizer } from './api-key.authorizer.js';

/**
 * Who may call the app's management routes, given as `authorize` to all three modules (and used by
 * {@link ApiKeyGuard} on the app's own `/metrics`): a consumer-portal session
 * (`Authorization: Portal <token>`, on the portal's routes only) first, else an API key.
 */
@Injectable()
export class AppAuthorizer implements Authorizer {
  private readonly chain: (request: ManagementRequest) => Promise<Principal | null>;

  constructor(portal: PortalAuthorizer, apiKeys: ApiKeyAuthorizer) {
    this.chain = firstOf(portal, apiKeys);
  }

  authorize(request: ManagementRequest): Promise<Principal | null> {
    return this.chain(request);
  }
}
