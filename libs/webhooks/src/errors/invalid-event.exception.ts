import { BadRequestException } from '@nestjs/common';

/**
 * 400: an event cannot be published as given (a malformed type, data that is not an object, a bad
 * idempotency key). Thrown by `WebhooksService.publish`, which hosts also call directly.
 */
export class InvalidEventException extends BadRequestException {
  constructor(
    /** The API field at fault: `type`, `data` or `idempotency_key`. */
    readonly field: string,
    message: string,
  ) {
    super({ code: 'invalid_event', message, details: [{ field, message }] });
  }
}
