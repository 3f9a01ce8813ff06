import { Inject, Injectable } from '@nestjs/common';
import { ManagementAuthorization, ManagementGuard } from '@org/common';

/** Token of the module's {@link ManagementAuthorization}, made from its `authorize` option. */
export const CONSOLE_AUTHORIZATION = Symbol('ConsoleAuthorization');

/**
 * The guard of the portal sessions controller (`POST /portal/sessions`, `GET /portal/session`): the
 * module's `authorize` option says who calls; scopes and the caller's workspace are enforced from
 * its answer.
 * @throws UnauthorizedException (401) when `authorize` knows no caller, or fails.
 * @throws ForbiddenException (403) when the caller's scopes do not allow the method.
 */
@Injectable()
export class ConsoleManagementGuard extends ManagementGuard {
  constructor(@Inject(CONSOLE_AUTHORIZATION) authorization: ManagementAuthorization) {
    super(authorization);
  }
}
