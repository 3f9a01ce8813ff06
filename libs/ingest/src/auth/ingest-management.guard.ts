import { Inject, Injectable } from '@nestjs/common';
import { ManagementAuthorization, ManagementGuard } from '@org/common';

/** Token of the module's {@link ManagementAuthorization}, made from its `authorize` option. */
export const INGEST_AUTHORIZATION = Symbol('IngestAuthorization');

/**
 * The guard of the management controllers of `IngestModule` (`/inbound-events…`,
 * `/inbound-sources…`): the module's `authorize` option says who calls; scopes and the caller's
 * workspace are enforced from its answer. The receiving route `POST /webhooks/:source` has none: it
 * authenticates by the sender's signature.
 * @throws UnauthorizedException (401) when `authorize` knows no caller, or fails.
 * @throws ForbiddenException (403) when the caller's scopes do not allow the method.
 */
@Injectable()
export class IngestManagementGuard extends ManagementGuard {
  constructor(@Inject(INGEST_AUTHORIZATION) authorization: ManagementAuthorization) {
    super(authorization);
  }
}
