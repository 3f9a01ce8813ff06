import { ValidationFailedException, type ApiErrorDetail } from '@org/common';

/**
 * 400 `validation_failed`: an event's `data` breaks the JSON Schema of its type (declared in the
 * catalogue, or generated from its `@WebhookEvent` class). `details` names every problem by path,
 * `data.amount`, `data.items.0.sku` (`events.2.data.amount` in a batch); nothing is stored.
 * Thrown by `WebhooksService.publish` / `publishMany` and so by `POST /events` and `/events/batch`.
 */
export class EventValidationException extends ValidationFailedException {
  constructor(details: ApiErrorDetail[]) {
    super(details);
  }
}
