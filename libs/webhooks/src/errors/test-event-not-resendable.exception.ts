import { ConflictException } from '@nestjs/common';
import { testEventNotResendableMessage } from '../webhooks.messages.js';

/**
 * 409 `test_delivery`: a redelivery or replay named the sample event of a test delivery (ping), which
 * was never stored as an event. Said so, rather than "No event", which reads as data lost.
 */
export class TestEventNotResendableException extends ConflictException {
  /** @param eventId the sample event's id */
  constructor(readonly eventId: string) {
    super({ code: 'test_delivery', message: testEventNotResendableMessage(eventId) });
  }
}
