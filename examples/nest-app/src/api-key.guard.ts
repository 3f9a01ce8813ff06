import { type CanActivate, type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type AuthenticatedRequest, safeEqual, SIGNATURE_AUTHENTICATED } from '@org/common';

/**
 * The libraries' REST API carries no authentication of its own: this guard asks for `X-Api-Key`,
 * lets the ingest route (authenticated by the sender's signature) through, and scopes the caller
 * (`request.workspace = null`: every workspace).
 * @throws UnauthorizedException without the right key.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(SIGNATURE_AUTHENTICATED, targets)) return true;
    const request = context
      .switchToHttp()
      .getRequest<AuthenticatedRequest & { headers: Record<string, unknown> }>();
    const key = request.headers['x-api-key'];
    if (typeof key !== 'string' || !process.env.API_KEY || !safeEqual(key, process.env.API_KEY)) {
      throw new UnauthorizedException({ code: 'unauthorized', message: 'Send X-Api-Key.' });
    }
    request.workspace = null;
    return true;
  }
}
