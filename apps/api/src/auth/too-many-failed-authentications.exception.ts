import { HttpException, HttpStatus } from '@nestjs/common';

/** 429 `too_many_requests`: the client failed authentication too often; `Retry-After` says when to retry. */
export class TooManyFailedAuthenticationsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      {
        code: 'too_many_requests',
        message: `Too many failed authentications from this address; retry in ${retryAfterSeconds} s.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
