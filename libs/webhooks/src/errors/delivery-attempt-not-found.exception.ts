import { NotFoundException } from '@nestjs/common';
import { deliveryAttemptNotFoundMessage } from '../delivery-api/delivery-api.messages.js';

/** 404: no attempt with this id in the subscription's delivery log. */
export class DeliveryAttemptNotFoundException extends NotFoundException {
  constructor(
    readonly attemptId: string,
    readonly subscriptionId: string,
  ) {
    super({
      code: 'delivery_attempt_not_found',
      message: deliveryAttemptNotFoundMessage(attemptId, subscriptionId),
    });
  }
}
