import { UnauthorizedException } from '@nestjs/common';

/**
 * 401 for any request whose signature is missing, wrong, stale or from the future. The message never
 * says which part failed, so a forger learns nothing from it.
 */
export class InvalidSignatureException extends UnauthorizedException {
  constructor() {
    super({ code: 'invalid_signature', message: 'Invalid signature' });
  }
}
