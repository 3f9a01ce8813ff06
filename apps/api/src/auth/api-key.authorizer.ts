import { Injectable } from '@nestjs/common';
import { assertScopeAllows, type Authorizer, type ManagementRequest, type Principal } from '@org/common';
import {
  ApiKeyAuthenticator,
  type ApiKeyAuthenticatedRequest,
  type KeyedRequest,
} from './api-key.authenticator.js';
import { selectWorkspace, type WorkspaceSelectingRequest } from './workspace-selection.js';

type KeyedManagementRequest = ManagementRequest &
  KeyedRequest &
  ApiKeyAuthenticatedRequest &
  WorkspaceSelectingRequest;

/**
 * The app's API keys as an `authorize` implementation: `X-Api-Key: KEY` or `Authorization: Bearer KEY`
 * (see {@link ApiKeyAuthenticator}; the pre-body gate normally checked the key already, before the body
 * was read, and left it on the request as `request.apiKey`). The principal holds the key's scopes and
 * the workspace the request acts in: the key's own, or for a key bound to none the one the request
 * names (`workspace-selection.ts`, which needs the parsed body). Never answers `null`: every request
 * that reaches it must carry a key, so a missing or wrong one is the authenticator's own 401 (or 429).
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 * @throws TooManyFailedAuthenticationsException (429) after too many failures from one address.
 * @throws ForbiddenException (403) when the key's scopes do not allow the method.
 * @throws NotFoundException (404) when a key bound to a workspace names another.
 * @throws BadRequestException (400) for a malformed or contradictory workspace choice.
 */
@Injectable()
export class ApiKeyAuthorizer implements Authorizer {
  constructor(private readonly authenticator: ApiKeyAuthenticator) {}

  authorize(request: KeyedManagementRequest): Principal {
    const entry = request.apiKey ?? this.authenticator.authenticate(request);
    // Before the workspace is looked at, as the API always answered: a read-only key writing is 403
    // whichever workspace it names. The modules check the scopes again from the principal.
    assertScopeAllows(request.method, entry.scopes, 'This API key');
    return { workspace: selectWorkspace(request, entry), scopes: entry.scopes };
  }
}
