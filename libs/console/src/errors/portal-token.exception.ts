import { UnauthorizedException } from '@nestjs/common';

/** 401 `portal_token_invalid`: missing, tampered or expired portal token. */
export class PortalTokenException extends UnauthorizedException {
  constructor(message: string) {
    super({ code: 'portal_token_invalid', message });
  }
}
