import { Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import type { BodyPolicy } from './body-policy.js';
import { SubscriptionPolicy } from '../subscriptions/subscription-policy.js';

/** {@link SubscriptionPolicy} over a raw create or update body (`url`, `event_types` or its alias `events`). */
@Injectable()
export class SubscriptionBodyPolicy implements BodyPolicy {
  constructor(private readonly policy: SubscriptionPolicy) {}

  problems(body: Readonly<Record<string, unknown>>): ApiErrorDetail[] {
    const { url } = body;
    // `events` is the alias of `event_types`; when both are given the DTO makes sure they agree.
    const eventTypes = body.event_types ?? body.events;
    return this.policy.problems({
      url: typeof url === 'string' ? url : undefined,
      eventTypes: Array.isArray(eventTypes)
        ? eventTypes.filter((type) => typeof type === 'string')
        : undefined,
    });
  }
}
