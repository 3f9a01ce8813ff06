import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ManagementAuthorization, ManagementGuard } from '@org/common';
import { AppAuthorizer } from './app.authorizer.js';

/**
 * The guard of the app's own management routes (`GET /metrics`): the {@link AppAuthorizer} the
 * library modules are given, through the same enforcement as their guards (401, 429, 403, the
 * request's workspace). The libraries' routes carry their own guards; health probes are public.
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 * @throws TooManyFailedAuthenticationsException (429) after too many failures from one address.
 * @throws ForbiddenException (403) when the key's scopes do not allow the method, or for a portal session.
 */
@Injectable()
export class ApiKeyGuard extends ManagementGuard {
  constructor(moduleRef: ModuleRef) {
    super(new ManagementAuthorization({ moduleName: 'AppModule', authorize: AppAuthorizer, moduleRef }));
  }
}
