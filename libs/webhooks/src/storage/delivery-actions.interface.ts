import type { TestDeliveryRecord } from '../interfaces/event-delivery.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';

/** What {@link DeliveryActions.scheduleRedelivery} takes. */
export interface RedeliveryRequest {
  subscriptionId: string;
  eventId: string;
  scope: WorkspaceScope;
  /** Id of the new attempt. */
  id: string;
  now: Date;
}

/** What {@link DeliveryActions.replayEventsAfter} takes; the store makes the new attempts' ids. */
export interface ReplayRequest {
  subscriptionId: string;
  afterEventId: string;
  scope: WorkspaceScope;
  now: Date;
}

/** What {@link DeliveryActions.redeliverToRecipients} takes. */
export interface RecipientsRedeliveryRequest {
  eventId: string;
  scope: WorkspaceScope;
  now: Date;
}

/** What {@link DeliveryActions.recoverFailed} takes; the store makes the new attempts' ids. */
export interface RecoverRequest {
  subscriptionId: string;
  scope: WorkspaceScope;
  /** Events created at or after this time… */
  since: Date;
  /** …and before this one. */
  until: Date;
  now: Date;
}

/**
 * Port of the actions an operator asks for over the API (`DeliveryActionsService`: redelivery,
 * replay, recovery; `PingService`: test deliveries). Each schedules fresh attempts, due now, that
 * the engine then claims from the the delivery queue, or stores a finished test attempt.
 */
export interface DeliveryActions {
  /** Schedules a fresh attempt 1 of `eventId` to the subscription now; `false` if either is unknown in scope. */
  scheduleRedelivery(request: RedeliveryRequest): Promise<boolean>;
  /**
   * Schedules a fresh attempt 1 of the event, due now, for every subscription (not deleted, in
   * scope) that had an attempt of it; returns the new attempts' ids (none when no one received it).
   */
  redeliverToRecipients(request: RecipientsRedeliveryRequest): Promise<string[]>;
  /**
   * Schedules attempt 1 for every event after `afterEventId` that the subscription matches;
   * returns how many.
   */
  replayEventsAfter(request: ReplayRequest): Promise<number>;
  /**
   * Schedules attempt 1 now for every event of the window whose latest attempt to the subscription
   * failed (nothing pending or delivered since), each once; returns how many.
   */
  recoverFailed(request: RecoverRequest): Promise<number>;
  /**
   * Stores a finished test delivery (`test: true`) in the log. It never enters the queue and does
   * not change the subscription's failure count. Its `requestBody` (the sample event as sent) is kept,
   * so the sample event can be read later.
   */
  recordTestDelivery(record: TestDeliveryRecord): Promise<void>;
}

/** Injection token for {@link DeliveryActions}. */
export const DeliveryActions = Symbol('DeliveryActions');
