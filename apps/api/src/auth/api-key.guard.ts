import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedRequest, SIGNATURE_AUTHENTICATED } from '@org/common';
import { ApiKeyAuthenticator, type KeyedRequest } from './api-key.authenticator.js';
import { IS_PUBLIC } from './public.decorator.js';

type RequestWithHeaders = AuthenticatedRequest & KeyedRequest;

/**
 * Global guard of the management API: `X-Api-Key: KEY` or `Authorization: Bearer KEY` (see
 * {@link ApiKeyAuthenticator}). A key bound to a workspace scopes the request to it
 * (`request.workspace`). Ingest routes, which authenticate by the sender's signature, and public
 * routes (health) pass through. The pre-body gate normally checked the key already (before the body
 * was read); the guard checks it again only when the gate did not.
 * @throws UnauthorizedException (401) when the key is missing or unknown.
 * @throws TooManyFailedAuthenticationsException (429) after too many failures from one address.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SIGNATURE_AUTHENTICATED, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithHeaders>();
    if (request.workspace !== undefined) return true;
    request.workspace = this.authenticator.authenticate(request).workspace;
    return true;
  }
}
