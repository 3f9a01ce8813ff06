import { Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import type { BodyPolicy } from './body-policy.js';
import { SubscriptionPolicy } from '../subscriptions/subscription-policy.js';

/**
 * {@link SubscriptionPolicy} over a raw create or update body (`url`, `event_types`, or its alias
 * `events` when the module serves it, and `filter`).
 */
@Injectable()
export class SubscriptionBodyPolicy implements BodyPolicy {
  constructor(
    private readonly policy: SubscriptionPolicy,
    private readonly compatibility: WebhooksCompatibility,
  ) {}

  problems(body: Readonly<Record<string, unknown>>): ApiErrorDetail[] {
    const { url, oauth2 } = body;
    const tokenUrl =
      typeof oauth2 === 'object' && oauth2 !== null
        ? (oauth2 as { token_url?: unknown }).token_url
        : undefined;
    // When both are given the DTO makes sure they agree; where `events` is not served it is an
    // unknown field, the DTO's to report, not a list of types to judge.
    const eventTypes = body.event_types ?? (this.compatibility.has('eventsField') ? body.events : undefined);
    return this.policy.problems({
      url: typeof url === 'string' ? url : undefined,
      oauth2TokenUrl: typeof tokenUrl === 'string' ? tokenUrl : undefined,
      eventTypes: Array.isArray(eventTypes)
        ? eventTypes.filter((type) => typeof type === 'string')
        : undefined,
      filter: body.filter,
    });
  }
}
