import { Inject, Injectable } from '@nestjs/common';
import { Clock, newId, ValidationFailedException, type ApiErrorDetail } from '@org/common';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { recoverWindowReversedMessage, recoverWindowTooOldMessage } from './delivery-api.messages.js';
import { EventNotFoundException } from '../errors/event-not-found.exception.js';
import { SubscriptionNotFoundException } from '../errors/subscription-not-found.exception.js';
import { TestEventNotResendableException } from '../errors/test-event-not-resendable.exception.js';
import { DeliveryLog } from '../storage/delivery-log.interface.js';
import type { SubscriptionRecord } from '../interfaces/subscription.interface.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import { DeliveryActions } from '../storage/delivery-actions.interface.js';
import { EventStore } from '../storage/event-store.interface.js';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';
import { DELIVERY_ID_PREFIX } from '../webhooks.constants.js';
import { DeliveryWorker } from '../delivery/delivery.worker.js';

/** Redelivery and replay: scheduling attempts again on a caller's request. */
@Injectable()
export class DeliveryActionsService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(DeliveryActions) private readonly store: DeliveryActions,
    @Inject(SubscriptionStore) private readonly subscriptions: Pick<SubscriptionStore, 'findSubscription'>,
    @Inject(EventStore) private readonly events: Pick<EventStore, 'findEvent'>,
    @Inject(Clock) private readonly clock: Clock,
    private readonly worker: DeliveryWorker,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @Inject(DeliveryLog) private readonly log: Pick<DeliveryLog, 'findTestDelivery'>,
  ) {}

  /**
   * Schedules one more delivery of an event to a subscription: a fresh attempt 1, due now, with the
   * full retry schedule ahead of it. Works whatever happened before (delivered, failed for good).
   * @returns the new attempt's id
   * @throws SubscriptionNotFoundException, EventNotFoundException (also for an event of another
   * workspace), TestEventNotResendableException (a test delivery's sample event)
   */
  async redeliver(subscriptionId: string, eventId: string, scope: WorkspaceScope): Promise<string> {
    await this.findSubscription(subscriptionId, scope);
    await this.findEvent(eventId, scope);
    const id = newId(DELIVERY_ID_PREFIX);
    const scheduled = await this.store.scheduleRedelivery({
      subscriptionId,
      eventId,
      scope,
      id,
      now: this.clock.now(),
    });
    if (!scheduled) throw new EventNotFoundException(eventId);
    this.worker.wake();
    return id;
  }

  /**
   * Schedules the event again for every subscription that received it (Rapidly's "redeliver a
   * webhook event"): a fresh attempt 1 each, due now.
   * @returns the new attempts' ids (none when no subscription received it yet)
   * @throws EventNotFoundException when the event is not in `scope`, TestEventNotResendableException
   */
  async redeliverToRecipients(eventId: string, scope: WorkspaceScope): Promise<string[]> {
    await this.findEvent(eventId, scope);
    const ids = await this.store.redeliverToRecipients({ eventId, scope, now: this.clock.now() });
    if (ids.length > 0) this.worker.wake();
    return ids;
  }

  /**
   * Delivers again every event published after `afterEventId` that the subscription matches (Rex's
   * "reset the bookmark"), on the next dispatch cycle; events already waiting for it are not doubled.
   * @returns the subscription and how many events were scheduled
   * @throws SubscriptionNotFoundException, EventNotFoundException, TestEventNotResendableException
   */
  async replay(
    subscriptionId: string,
    afterEventId: string,
    scope: WorkspaceScope,
  ): Promise<{ subscription: SubscriptionRecord; scheduled: number }> {
    const subscription = await this.findSubscription(subscriptionId, scope);
    const event = await this.findEvent(afterEventId, scope);
    if (event.workspace !== subscription.workspace) throw new EventNotFoundException(afterEventId);
    const scheduled = await this.store.replayEventsAfter({
      subscriptionId,
      afterEventId,
      scope,
      now: this.clock.now(),
    });
    if (scheduled > 0) this.worker.wake();
    return { subscription, scheduled };
  }

  /**
   * Svix's recover: sends again, once each, every event of `[since, until)` (until: now) whose latest
   * attempt to the subscription failed, also when it was disabled meanwhile.
   * @returns how many events were scheduled
   * @throws SubscriptionNotFoundException; InvalidRecoverWindowException when `since` is not before
   * `until` or reaches past the retention.
   */
  async recover(
    subscriptionId: string,
    window: { since: Date; until?: Date },
    scope: WorkspaceScope,
  ): Promise<number> {
    const now = this.clock.now();
    const until = window.until ?? now;
    const details: ApiErrorDetail[] = [];
    if (window.since >= until) details.push({ field: 'since', message: recoverWindowReversedMessage() });
    const oldest = now.getTime() - this.options.retentionDays * 86_400_000;
    if (window.since.getTime() < oldest)
      details.push({ field: 'since', message: recoverWindowTooOldMessage(this.options.retentionDays) });
    if (details.length > 0) throw new ValidationFailedException(details);
    await this.findSubscription(subscriptionId, scope);
    const scheduled = await this.store.recoverFailed({
      subscriptionId,
      scope,
      since: window.since,
      until,
      now,
    });
    if (scheduled > 0) this.worker.wake();
    return scheduled;
  }

  /** The published event; a test delivery's sample event is refused as such, not as unknown. */
  private async findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord> {
    const event = await this.events.findEvent(id, scope);
    if (event) return event;
    if (await this.log.findTestDelivery(id, scope)) throw new TestEventNotResendableException(id);
    throw new EventNotFoundException(id);
  }

  private async findSubscription(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord> {
    const subscription = await this.subscriptions.findSubscription(id, scope);
    if (!subscription) throw new SubscriptionNotFoundException(id);
    return subscription;
  }
}
