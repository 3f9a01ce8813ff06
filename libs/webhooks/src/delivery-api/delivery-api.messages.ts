// Messages of the delivery HTTP API (log, redelivery, replay, ping).

/** 502 message of a ping the endpoint did not accept. */
export const pingFailedMessage = (error: string): string =>
  `The endpoint did not accept the test delivery: ${error}.`;

/** 400 message of a ping with a type outside the catalogue. */
export const unknownPingTypeMessage = (type: string): string =>
  `Unknown event type "${type}"; GET /webhooks/event-types lists the known ones.`;
