import { Inject, Injectable } from '@nestjs/common';
import { ManagementAuthorization, ManagementGuard } from '@org/common';

/** Token of the module's {@link ManagementAuthorization}, made from its `authorize` option. */
export const WEBHOOKS_AUTHORIZATION = Symbol('WebhooksAuthorization');

/**
 * The guard of every management controller of `WebhooksModule`: the module's `authorize` option
 * says who calls; scopes and the caller's workspace are enforced from its answer.
 * @throws UnauthorizedException (401) when `authorize` knows no caller, or fails.
 * @throws ForbiddenException (403) when the caller's scopes do not allow the method.
 */
@Injectable()
export class WebhooksManagementGuard extends ManagementGuard {
  constructor(@Inject(WEBHOOKS_AUTHORIZATION) authorization: ManagementAuthorization) {
    super(authorization);
  }
}
