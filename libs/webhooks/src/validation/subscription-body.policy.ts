import { Inject, Injectable } from '@nestjs/common';
import { Clock, type ApiErrorDetail } from '@org/common';
import type { ClientTlsInput } from '../subscriptions/client-certificate.check.js';
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
    @Inject(Clock) private readonly clock: Clock,
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
    return this.policy.problems(
      {
        url: typeof url === 'string' ? url : undefined,
        oauth2TokenUrl: typeof tokenUrl === 'string' ? tokenUrl : undefined,
        eventTypes: Array.isArray(eventTypes)
          ? eventTypes.filter((type) => typeof type === 'string')
          : undefined,
        filter: body.filter,
        headers: body.headers,
        tls: clientTlsOf(body.tls),
        oauth2: typeof oauth2 === 'object' && oauth2 !== null,
      },
      this.clock.now(),
    );
  }
}

/** `tls` of a raw body when its PEM fields are strings (the DTO reports any other shape). */
function clientTlsOf(tls: unknown): ClientTlsInput | undefined {
  if (typeof tls !== 'object' || tls === null) return undefined;
  const { client_cert: clientCert, client_key: clientKey, ca } = tls as Record<string, unknown>;
  if (typeof clientCert !== 'string' || typeof clientKey !== 'string') return undefined;
  return { clientCert, clientKey, ca: typeof ca === 'string' ? ca : null };
}
