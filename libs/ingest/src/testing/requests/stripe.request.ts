import { createHmac } from 'node:crypto';
import {
  bodyOf,
  freshId,
  jsonField,
  JSON_CONTENT_TYPE,
  secondsOf,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A Stripe event to sign. */
export interface StripeRequestOptions extends SignedRequestOptions {
  /** The endpoint's signing secret (`whsec_…`), one of `sources.stripe.secrets`. */
  secret: string;
  /**
   * The event, e.g. `{ type: 'payment_intent.succeeded', data: { object: intent } }`; `id` (default: a
   * fresh `evt_…`) and `object: 'event'` are filled in. A string or Buffer is sent exactly as given.
   */
  event: { type: string; id?: string; [field: string]: unknown } | string | Buffer;
  /** The event id, over the event's own. */
  id?: string;
  /** The source's name in the path. @default 'stripe' */
  source?: string;
}

/**
 * A Stripe webhook signed as Stripe signs it: `Stripe-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, "<t>.<body>")>`. Written with node:crypto rather than `stripe`'s
 * `generateTestHeaderString`, so tests of other sources need not install that optional peer; the
 * library's tests check it with `stripe`'s own verifier.
 */
export function stripeRequest(options: StripeRequestOptions): SignedWebhookRequest {
  const { event } = options;
  const raw = typeof event === 'string' || Buffer.isBuffer(event);
  const id = options.id ?? (raw ? jsonField(event, 'id') : event.id) ?? freshId('evt_test_');
  const body = raw ? event : bodyOf({ object: 'event', ...event, id });
  const timestamp = secondsOf(options.at);
  const signature = createHmac('sha256', options.secret).update(`${timestamp}.`).update(body).digest('hex');
  return {
    method: 'POST',
    path: sourcePath(options.source ?? 'stripe', options.prefix),
    headers: { ...JSON_CONTENT_TYPE, 'stripe-signature': `t=${timestamp},v1=${signature}` },
    body,
    id,
  };
}
