import type { DeliveryAttemptRecord } from './delivery.interface.js';

/** The statuses an (event, subscription) pair can have, as the API spells them. */
export const EVENT_DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed', 'cancelled'] as const;

/**
 * Where an event stands with one subscription ("delivery status"), derived from the pair's recorded
 * attempts (the latest decides; a redelivery starts over):
 * - `pending`: no attempt made yet (or a redelivery of a delivered event waits);
 * - `retrying`: the last attempt made failed and another is scheduled;
 * - `delivered`: the latest attempt succeeded;
 * - `failed`: the latest attempt failed with none left, or the subscription is disabled while one waits;
 * - `cancelled`: the subscription was deleted while an attempt waited.
 */
export type EventDeliveryStatus = (typeof EVENT_DELIVERY_STATUSES)[number];

/** One subscription an event was fanned out to, and where the event stands with it. */
export interface EventDeliverySummary {
  /** The subscription's `whk_` id (kept when it was deleted). */
  subscriptionId: string;
  /** `null` when the subscription was deleted. */
  subscriptionName: string | null;
  /** `null` when the subscription was deleted. */
  url: string | null;
  /** Where the event stands with the subscription. */
  status: EventDeliveryStatus;
  /** Attempts made (scheduled ones not counted), redeliveries included. */
  attempts: number;
  /** When the last attempt was made; `null` before the first. */
  lastAttemptAt: Date | null;
  /** The status the endpoint answered to the last attempt made; `null` without one or an answer. */
  lastHttpStatus: number | null;
  /** When the waiting attempt is due (`pending`, `retrying`); `null` otherwise. */
  nextAttemptAt: Date | null;
  /** The number of the attempt that succeeded (`delivered`); `null` otherwise. */
  deliveredAttempt: number | null;
}

/** An attempt of the delivery log, with where its event stands with the subscription now. */
export interface LoggedDeliveryAttempt extends DeliveryAttemptRecord {
  /** Its pair's status now: a failed attempt of an event delivered later says `delivered`. */
  deliveryStatus: EventDeliveryStatus;
}

/** A test delivery (ping) found by its sample event's id, with the body that was sent. */
export interface TestDeliveryRecord extends DeliveryAttemptRecord {
  /** The sample event's body as sent; `null` for test deliveries recorded before bodies were kept. */
  requestBody: string | null;
}
