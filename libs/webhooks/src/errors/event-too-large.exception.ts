import { PayloadTooLargeException } from '@nestjs/common';
import { eventTooLargeMessage } from '../webhooks.messages.js';

/** 413: the event's `data`, serialized, is larger than the `maxEventBytes` option. */
export class EventTooLargeException extends PayloadTooLargeException {
  constructor(
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    const message = eventTooLargeMessage(bytes, maxBytes);
    super({ code: 'event_too_large', message, details: [{ field: 'data', message }] });
  }
}
