import { Injectable } from '@nestjs/common';
import { OnWebhook, type InboundContext, type InboundEvent } from '@org/ingest';
import { WebhooksService, type PublishOptions } from '@org/webhooks';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  GithubPullRequest,
  GithubPush,
  PaymentRefunded,
  PaymentSucceeded,
} from '../events/bridged.events.js';
import type { RexEvents } from '../events/rex.events.js';
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
 * Every publish is typed: by the payload class, or by Rex's map of type names (`RexEvents`), so a
 * mapper that drifts from its event's schema does not compile.
 */
@Injectable()
export class IngestBridge {
  constructor(private readonly webhooks: WebhooksService<RexEvents>) {}

  @OnWebhook('stripe', 'payment_intent.succeeded')
  async stripePaymentSucceeded(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.webhooks.publish(
      PaymentSucceeded,
      stripePaymentSucceeded(event.payload),
      publishOptions(event, context),
    );
  }

  @OnWebhook('stripe', 'charge.refunded')
  async stripeChargeRefunded(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    await this.webhooks.publish(
      PaymentRefunded,
      stripeChargeRefunded(event.payload),
      publishOptions(event, context),
    );
  }

  @OnWebhook('github', 'push')
  async githubPush(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    const data = githubPush(event.payload, event.externalId);
    await this.webhooks.publish(GithubPush, data, publishOptions(event, context));
  }

  @OnWebhook('github', 'pull_request')
  async githubPullRequest(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    const data = githubPullRequest(event.payload, event.externalId);
    await this.webhooks.publish(GithubPullRequest, data, publishOptions(event, context));
  }

  @OnWebhook('hubspot', 'contact.creation')
  async hubspotContactCreated(
    event: InboundEvent<Json>,
    context: InboundContext<EntityManager>,
  ): Promise<void> {
    const data = hubspotContactCreated(event.payload);
    await this.webhooks.publish('contact.created', data, publishOptions(event, context));
  }

  @OnWebhook('hubspot', 'deal.propertyChange')
  async hubspotDealChanged(event: InboundEvent<Json>, context: InboundContext<EntityManager>): Promise<void> {
    const type = hubspotDealOutcome(event.payload);
    if (type === null) return;
    await this.webhooks.publish(type, hubspotDealClosed(event.payload), publishOptions(event, context));
  }
}

/** In the handler's transaction, in the source's workspace, keyed by the source and the sender's id. */
function publishOptions(event: InboundEvent<Json>, context: InboundContext<EntityManager>): PublishOptions {
  return {
    em: context.em,
    workspace: event.workspace,
    idempotencyKey: `${event.source}:${event.externalId}`,
  };
}
