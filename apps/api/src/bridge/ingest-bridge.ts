import { Injectable } from '@nestjs/common';
import { OnWebhook, type InboundContext, type InboundEvent } from '@org/ingest';
import { WebhooksService } from '@org/webhooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  githubPullRequest,
  githubPush,
  hubspotContactCreated,
  hubspotDealClosed,
  hubspotDealOutcome,
  stripeChargeRefunded,
  stripePaymentSucceeded,
} from './bridge.mappers.js';

type Json = Record<string, unknown>;

/**
 * Turns verified inbound events into outbound events, so the gateway fans third-party events out to
 * subscribers. Each publish joins the transaction in which the ingest library marks the inbound event
 * processed (`context.em`): the outbound event exists if and only if the inbound one is done, and a
 * retried handler cannot publish twice. The idempotency key (source + sender's id) guards the rest.
 * An event of a source created over the API is published in that source's workspace, so only that
 * workspace's subscriptions receive it; handlers on `'stripe'` get every Stripe-type source's events.
 */
@Injectable()
export class IngestBridge {
  constructor(private readonly webhooks: WebhooksService) {}

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async stripePaymentSucceeded(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.publish('payment.succeeded', stripePaymentSucceeded(event.payload), event, context);
  }

  @OnWebhook('stripe', 'charge.refunded')
  async stripeChargeRefunded(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.publish('payment.refunded', stripeChargeRefunded(event.payload), event, context);
  }

  @OnWebhook('github', 'push')
  async githubPush(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    await this.publish('github.push', githubPush(event.payload, event.externalId), event, context);
  }

  @OnWebhook('github', 'pull_request')
  async githubPullRequest(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    await this.publish(
      'github.pull_request',
      githubPullRequest(event.payload, event.externalId),
      event,
      context,
    );
  }

  @OnWebhook('hubspot', 'contact.creation')
  async hubspotContactCreated(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.publish('contact.created', hubspotContactCreated(event.payload), event, context);
  }

  @OnWebhook('hubspot', 'deal.propertyChange')
  async hubspotDealChanged(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    const type = hubspotDealOutcome(event.payload);
    if (type) await this.publish(type, hubspotDealClosed(event.payload), event, context);
  }

  private async publish(
    type: string,
    data: Json,
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.webhooks.publish(type, data, {
      em: context.em,
      workspace: event.workspace,
      idempotencyKey: `${event.source}:${event.externalId}`,
    });
  }
}
