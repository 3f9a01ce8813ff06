import type { SubscriptionStore } from '../storage/subscription-store.interface.js';

/** How many client certificates are in each state, for `webhooks_client_certificates{state}`. */
export interface ClientCertificateStates {
  valid: number;
  expiring: number;
  expired: number;
}

/** Certificates read per scrape (as the expiry check). */
const READ_LIMIT = 10_000;

/**
 * Counts the live subscriptions' client certificates by state at `now`: `expiring` within
 * `warningMs` of expiry (the `webhook.certificate_expiring` window), `expired` past it (deliveries
 * are not attempted), `valid` otherwise. Operators alert on `expiring` or `expired` above 0; the
 * event names the subscription.
 */
export async function clientCertificateStates(
  store: Pick<SubscriptionStore, 'listClientCertificates'>,
  now: Date,
  warningMs: number,
): Promise<ClientCertificateStates> {
  const states: ClientCertificateStates = { valid: 0, expiring: 0, expired: 0 };
  const at = now.getTime();
  for (const { expiresAt } of await store.listClientCertificates(READ_LIMIT)) {
    const left = expiresAt.getTime() - at;
    if (left <= 0) states.expired++;
    else if (left <= warningMs) states.expiring++;
    else states.valid++;
  }
  return states;
}
