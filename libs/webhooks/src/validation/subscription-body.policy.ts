import { Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import type { BodyPolicy } from './body-policy.js';
import { SubscriptionPolicy } from '../subscriptions/subscription-policy.js';

/** {@link SubscriptionPolicy} over a raw create or update body (`url`, `event_types`). */
@Injectable()
export class SubscriptionBodyPolicy implements BodyPolicy {
  constructor(private readonly policy: SubscriptionPolicy) {}

  problems(body: Readonly<Record<string, unknown>>): ApiErrorDetail[] {
    const { url, event_types: eventTypes } = body;
    return this.policy.problems({
      url: typeof url === 'string' ? url : undefined,
      eventTypes: Array.isArray(eventTypes)
        ? eventTypes.filter((type) => typeof type === 'string')
        : undefined,
    });
  }
}
