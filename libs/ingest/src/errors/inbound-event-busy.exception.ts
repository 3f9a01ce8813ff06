import { ConflictException } from '@nestjs/common';
import type { InboundEventStatus } from '../interfaces/inbound-event.interface.js';

/** 409 for a replay of an event that is still waiting or being handled. */
export class InboundEventBusyException extends ConflictException {
  constructor(status: InboundEventStatus) {
    super({
      code: 'inbound_event_busy',
      message: `Only processed or failed events can be replayed; this one is ${status}.`,
    });
  }
}
