import { BadRequestException } from '@nestjs/common';
import { unknownPingTypeMessage } from '../delivery-api/delivery-api.messages.js';

/** 400: a ping asked for an event type outside the module's catalogue. */
export class UnknownPingEventTypeException extends BadRequestException {
  constructor(readonly eventType: string) {
    const message = unknownPingTypeMessage(eventType);
    super({ code: 'unknown_event_type', message, details: [{ field: 'event_type', message }] });
  }
}
