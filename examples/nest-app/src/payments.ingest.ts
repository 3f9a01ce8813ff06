import { Injectable } from '@nestjs/common';
import {
  OnWebhook,
  type InboundContext,
  type InboundEvent,
  type IngestModuleOptions,
  type IngestStore,
} from '@org/ingest';
import { WebhooksService } from '@org/webhooks';
import type Stripe from 'stripe';

/**
 * Stripe's webhooks in when `STRIPE_WEBHOOK_SECRET` is set (the endpoint's signing secret; without it
 * the Stripe route answers 404); kept in memory without a store.
 */
export function ingestOptions(storage?: IngestStore): IngestModuleOptions {
  const stripeSecret = process.env.STRIPE_WEBHOOK_SECRET;
  return {
    sources: stripeSecret ? { stripe: { secrets: [stripeSecret] } } : {},
    ...(storage ? { storage } : {}),
  };
}

/** A verified Stripe payment becomes a `payment.succeeded` for your own subscribers. */
@Injectable()
export class PaymentsHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async onPaymentSucceeded(event: InboundEvent<Stripe.Event>, context: InboundContext): Promise<void> {
    const intent = event.payload.data.object as Stripe.PaymentIntent;
    await this.webhooks.publish(
      'payment.succeeded',
      { payment_intent: intent.id, amount: intent.amount, currency: intent.currency },
      // em: on PostgreSQL, the transaction that marks the inbound event processed (the outbox)
      { em: context.em, idempotencyKey: `stripe-${event.externalId}` },
    );
  }
}
