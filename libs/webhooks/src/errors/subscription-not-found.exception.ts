import { NotFoundException } from '@nestjs/common';
import { subscriptionNotFoundMessage } from '../webhooks.messages.js';

/** 404: no subscription with this id in the caller's workspace (other workspaces' look the same). */
export class SubscriptionNotFoundException extends NotFoundException {
  constructor(readonly subscriptionId: string) {
    super({ code: 'subscription_not_found', message: subscriptionNotFoundMessage(subscriptionId) });
  }
}
