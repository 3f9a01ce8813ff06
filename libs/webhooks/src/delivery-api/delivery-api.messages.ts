// Messages of the delivery HTTP API (log, redelivery, replay, ping).

/** 502 message of a ping the endpoint did not accept. */
export const pingFailedMessage = (error: string): string =>
  `The endpoint did not accept the test delivery: ${error}.`;

/** 400 message of a ping with a type outside the catalogue. */
export const unknownPingTypeMessage = (type: string): string =>
  `Unknown event type "${type}"; GET /webhooks/event-types lists the known ones.`;

/** 404 message of an attempt that is not in the subscription's log. */
export const deliveryAttemptNotFoundMessage = (attemptId: string, subscriptionId: string): string =>
  `No delivery attempt ${attemptId} of webhook subscription ${subscriptionId}.`;

/** Detail of a recover window that ends before it starts. */
export const recoverWindowReversedMessage = (): string => 'since must be before until';

/** Detail of a recover window reaching back past the retention, whose attempts are gone. */
export const recoverWindowTooOldMessage = (retentionDays: number): string =>
  `since must be within the retention of ${retentionDays} days (older attempts are pruned)`;
