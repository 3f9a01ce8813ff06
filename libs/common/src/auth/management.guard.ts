import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { ManagementRequest } from './authorize.interface.js';
import type { ManagementAuthorization } from './management-authorization.js';

/**
 * The base of each library's management guard (`WebhooksManagementGuard`, …): the request, from the
 * platform's HTTP context, goes through the module's {@link ManagementAuthorization}, which answers
 * 401 or 403 or binds the request to the caller's principal.
 * @throws UnauthorizedException (401) when the module's `authorize` knows no caller, or fails.
 * @throws ForbiddenException (403) when the caller's scopes do not allow the method.
 */
export abstract class ManagementGuard implements CanActivate {
  constructor(protected readonly authorization: ManagementAuthorization) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.authorization.enforce(this.requestOf(context));
    return true;
  }

  /** The request to authorize (HTTP); a subclass may read it from another context. */
  protected requestOf(context: ExecutionContext): ManagementRequest {
    return context.switchToHttp().getRequest<ManagementRequest>();
  }
}
