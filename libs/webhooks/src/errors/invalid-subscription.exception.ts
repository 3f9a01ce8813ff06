import { ValidationFailedException, type ApiErrorDetail } from '@org/common';

/**
 * 400 for subscription fields that are well-formed but refused by the module's policy (a URL to a
 * private address, an event type outside the catalogue). A `ValidationFailedException`, so it has the
 * validation pipe's code and shape (`validation_failed`, one detail per problem) and clients handle
 * both alike.
 */
export class InvalidSubscriptionException extends ValidationFailedException {
  constructor(details: ApiErrorDetail[]) {
    super(details);
  }
}
