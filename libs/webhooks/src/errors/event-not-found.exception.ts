import { NotFoundException } from '@nestjs/common';
import { eventNotFoundMessage } from '../webhooks.messages.js';

/** 404: no event with this id in the caller's workspace. */
export class EventNotFoundException extends NotFoundException {
  constructor(readonly eventId: string) {
    super({ code: 'event_not_found', message: eventNotFoundMessage(eventId) });
  }
}
