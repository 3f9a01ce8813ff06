import { BadRequestException } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import { invalidSubscriptionMessage } from '../webhooks.messages.js';

/**
 * 400 for subscription fields that are well-formed but refused by the module's policy (a URL to a
 * private address, an event type outside the catalogue). Same code and shape as the validation
 * pipe's errors (`validation_failed`, one detail per problem) so clients handle both alike.
 */
export class InvalidSubscriptionError extends BadRequestException {
  constructor(readonly details: ApiErrorDetail[]) {
    super({
      code: 'validation_failed',
      message: invalidSubscriptionMessage([...new Set(details.map((d) => d.field))]),
      details,
    });
  }
}
