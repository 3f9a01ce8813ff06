import { stripeId } from './ids.js';

/** Options of a Stripe test event. */
export interface StripeEventOptions {
  /** The event id. @default a new `evt_…` */
  id?: string;
  /** @default now */
  now?: Date;
  /** Amount in the smallest currency unit. @default 2000 */
  amount?: number;
  /** @default 'usd' */
  currency?: string;
  /** @default 'jenny.rosen@example.com' */
  email?: string;
}

/** Event types with a hand-made object; others get a minimal object named after the type's prefix. */
export const STRIPE_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.succeeded',
  'charge.refunded',
  'customer.created',
  'invoice.paid',
] as const;

/** A Stripe event as Stripe sends it (API version 2025-10-29.clover shape) for `type`. */
export function stripeEvent(type: string, options: StripeEventOptions = {}): Record<string, unknown> {
  const created = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return {
    id: options.id ?? stripeId('evt'),
    object: 'event',
    api_version: '2025-10-29.clover',
    created,
    data: { object: stripeObject(type, created, options) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: stripeId('req'), idempotency_key: null },
    type,
  };
}

function stripeObject(type: string, created: number, options: StripeEventOptions): Record<string, unknown> {
  const amount = options.amount ?? 2000;
  const currency = options.currency ?? 'usd';
  const email = options.email ?? 'jenny.rosen@example.com';
  const customer = stripeId('cus');
  const kind = type.slice(0, type.lastIndexOf('.'));
  switch (kind) {
    case 'payment_intent': {
      const failed = type === 'payment_intent.payment_failed';
      return {
        id: stripeId('pi'),
        object: 'payment_intent',
        amount,
        amount_received: failed ? 0 : amount,
        currency,
        customer,
        created,
        status: failed ? 'requires_payment_method' : 'succeeded',
        receipt_email: email,
        metadata: { order_id: '6735' },
        last_payment_error: failed
          ? {
              code: 'card_declined',
              decline_code: 'insufficient_funds',
              message: 'Your card has insufficient funds.',
            }
          : null,
      };
    }
    case 'charge':
      return {
        id: stripeId('ch'),
        object: 'charge',
        amount,
        amount_refunded: type === 'charge.refunded' ? amount : 0,
        currency,
        customer,
        created,
        paid: true,
        refunded: type === 'charge.refunded',
        status: 'succeeded',
        billing_details: { email },
        payment_intent: stripeId('pi'),
      };
    case 'customer':
      return { id: customer, object: 'customer', email, name: 'Jenny Rosen', created, metadata: {} };
    case 'invoice':
      return {
        id: stripeId('in'),
        object: 'invoice',
        amount_due: amount,
        amount_paid: amount,
        currency,
        customer,
        customer_email: email,
        status: 'paid',
        created,
      };
    default:
      return {
        id: stripeId(kind.split('.').pop()!.slice(0, 4) || 'obj'),
        object: kind.split('.').pop() ?? kind,
        created,
      };
  }
}
