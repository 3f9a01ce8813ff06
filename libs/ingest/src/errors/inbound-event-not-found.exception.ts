import { NotFoundException } from '@nestjs/common';

/** 404 for an inbound event id that does not exist. */
export class InboundEventNotFoundException extends NotFoundException {
  constructor() {
    super({ code: 'inbound_event_not_found', message: 'No inbound event has this id.' });
  }
}
