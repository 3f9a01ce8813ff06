import { ConflictException } from '@nestjs/common';
import type { InboundEventStatus } from '../interfaces/inbound-event.interface.js';

/** 409 for a retry of an event that has not failed (it is pending, processing or processed). */
export class InboundEventNotRetryableException extends ConflictException {
  constructor(status: InboundEventStatus) {
    super({
      code: 'inbound_event_not_failed',
      message: `Only failed events can be retried; this one is ${status}.`,
    });
  }
}
