import { NotFoundException } from '@nestjs/common';
import { eventTypeNotFoundMessage } from '../webhooks.messages.js';

/** 404: no event type of this name in the catalogue. */
export class EventTypeNotFoundException extends NotFoundException {
  constructor(readonly eventType: string) {
    super({ code: 'event_type_not_found', message: eventTypeNotFoundMessage(eventType) });
  }
}
