import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, newId } from '@org/common';
import { SubscriptionNotFoundException } from '../errors/subscription-not-found.exception.js';
import { UnknownPingEventTypeException } from '../errors/unknown-ping-event-type.exception.js';
import { EventTypeCatalogue } from '../events/event-type.catalogue.js';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';
import { toPublicResult } from '../transport/public-failure.js';
import type { TransportResult } from '../transport/transport-result.js';
import type { TransportRequest } from '../transport/webhook-transport.options.js';
import { DELIVERY_ID_PREFIX, EVENT_ID_PREFIX } from '../webhooks.constants.js';
import { DeliveryActions } from '../storage/delivery-actions.interface.js';
import { DeliveryRequestBuilder } from '../delivery/delivery-request.builder.js';
import { signingFailureResult } from '../delivery/signing-failure.js';
import { EndpointSender } from '../delivery/endpoint.sender.js';
import { DEFAULT_PING_EVENT_TYPE, pingPayload, samplePingData } from './ping-sample.js';
import { recordedRequestHeaders } from '../delivery/recorded-request-headers.js';

/** What a test delivery did: the endpoint's answer and the id of its record in the delivery log. */
export interface PingOutcome {
  result: TransportResult;
  deliveryId: string;
}

/**
 * Test deliveries (`POST /webhooks/:id/ping`, alias `/test`): a sample event sent synchronously to one
 * subscription, signed and shaped exactly like a real delivery (attempt 1, fresh `evt_` id, the
 * subscription's format), whatever the subscription's status. The attempt is recorded in the delivery
 * log marked `test`; the event itself is not stored and no other subscription receives it: a ping is
 * a probe of one endpoint, not an event of the workspace.
 */
@Injectable()
export class PingService {
  private readonly logger = new Logger('WebhooksPing');

  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(SubscriptionStore) private readonly subscriptions: Pick<SubscriptionStore, 'findSubscription'>,
    @Inject(DeliveryActions) private readonly deliveries: DeliveryActions,
    @Inject(Clock) private readonly clock: Clock,
    private readonly catalogue: EventTypeCatalogue,
    private readonly sender: EndpointSender,
    private readonly requests: DeliveryRequestBuilder,
  ) {}

  /**
   * Sends the test delivery, records it, and reports what the endpoint did (never throws for the
   * endpoint's sake).
   * @throws SubscriptionNotFoundException, UnknownPingEventTypeException
   */
  async ping(
    subscriptionId: string,
    scope: WorkspaceScope,
    eventType: string = DEFAULT_PING_EVENT_TYPE,
  ): Promise<PingOutcome> {
    const subscription = await this.subscriptions.findSubscription(subscriptionId, scope);
    if (!subscription) throw new SubscriptionNotFoundException(subscriptionId);
    if (eventType !== DEFAULT_PING_EVENT_TYPE && !this.catalogue.allowsType(eventType))
      throw new UnknownPingEventTypeException(eventType);
    const now = this.clock.now();
    const eventId = newId(EVENT_ID_PREFIX);
    const payload = pingPayload(
      eventId,
      eventType,
      now,
      samplePingData(eventType, this.catalogue.find(eventType), subscription.id),
    );
    let result: TransportResult;
    // What went out, for the attempt record; a request that could not be signed keeps only its URL.
    let sent: Pick<TransportRequest, 'url' | 'headers' | 'sensitiveHeaders'> = {
      url: subscription.url,
      headers: {},
    };
    try {
      const request = this.requests.build(
        {
          url: subscription.url,
          eventId,
          eventType,
          attempt: 1,
          payload,
          secrets: subscription.secrets,
          format: subscription.format,
          subscriptionId: subscription.id,
          credentials: subscription.credentials,
          tls: subscription.tls,
        },
        now,
      );
      sent = request;
      // The subscription's own timeout, as its real deliveries get (no lease to stay under here).
      const sentResult = await this.sender.send(
        { ...request, timeoutMs: subscription.timeoutMs ?? undefined },
        {
          subscriptionId: subscription.id,
          eventId,
          eventType,
          attempt: 1,
          deliveryId: null,
          secrets: subscription.secrets,
        },
        subscription,
      );
      result = toPublicResult(sentResult);
      // The caller reads the public sentence; what the transport saw (the address a name resolved
      // to, the resolver's code) is for operators.
      if (result.errorCode !== sentResult.errorCode)
        this.logger.warn({
          msg: 'ping destination not allowed',
          subscription_id: subscription.id,
          detail: sentResult.error,
        });
    } catch (error) {
      result = signingFailureResult(error);
    }
    const deliveryId = newId(DELIVERY_ID_PREFIX);
    await this.deliveries.recordTestDelivery({
      id: deliveryId,
      subscriptionId: subscription.id,
      eventId,
      eventType,
      workspace: subscription.workspace,
      attempt: 1,
      status: result.ok ? 'success' : 'failed',
      nextAttemptAt: now,
      httpStatus: result.httpStatus,
      error: result.ok ? null : (result.error ?? 'unknown failure'),
      responseBody: result.responseBody ?? null,
      durationMs: Math.round(result.durationMs),
      attemptedAt: now,
      createdAt: now,
      test: true,
      url: sent.url,
      requestHeaders: recordedRequestHeaders(sent),
      responseHeaders: result.responseHeaders,
      errorClass: result.errorCode,
      retryAt: null,
      requestBody: payload,
    });
    return { result, deliveryId };
  }
}
