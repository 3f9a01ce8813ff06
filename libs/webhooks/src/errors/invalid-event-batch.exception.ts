import { BadRequestException } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import { invalidEventBatchMessage } from '../webhooks.messages.js';

/**
 * 400 `invalid_event`: events of a `publishMany` / `POST /events/batch` cannot be published as given;
 * `details` names every problem by index (`events.3.type`). Nothing of the batch is stored.
 */
export class InvalidEventBatchException extends BadRequestException {
  constructor(readonly details: ApiErrorDetail[]) {
    const items = new Set(details.map((detail) => detail.field.split('.', 2).join('.')));
    super({ code: 'invalid_event', message: invalidEventBatchMessage(items.size), details });
  }
}
