import { BadRequestException } from '@nestjs/common';
import { unknownEventTypeMessage } from '../webhooks.messages.js';

/** 400: an event was published with a type outside the module's event type catalogue. */
export class UnknownEventTypeException extends BadRequestException {
  constructor(readonly eventType: string) {
    const message = unknownEventTypeMessage(eventType);
    super({ code: 'unknown_event_type', message, details: [{ field: 'type', message }] });
  }
}
