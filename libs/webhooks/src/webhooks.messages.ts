import { echoedId } from '@org/common';

/** 404 for a subscription that does not exist in the caller's workspace (the id cut to 64 characters). */
export const subscriptionNotFoundMessage = (id: string): string => `No webhook subscription ${echoedId(id)}.`;

/** 404 for an event that does not exist in the caller's workspace (the id cut to 64 characters). */
export const eventNotFoundMessage = (id: string): string => `No event ${echoedId(id)}.`;

/** 404 of `GET /webhooks/event-types/:name`. */
export const eventTypeNotFoundMessage = (type: string): string =>
  `No event type ${echoedId(type)}; GET /webhooks/event-types lists the known ones.`;

/** 400 for publishing a type outside the catalogue. */
export const unknownEventTypeMessage = (type: string): string =>
  `Unknown event type "${type}"; GET /webhooks/event-types lists the known ones.`;

/** 400 for publishing with a class that `@WebhookEvent` did not declare. */
export const undecoratedEventClassMessage = (className: string): string =>
  `${className || 'The class'} is not an event type: decorate it with @WebhookEvent(name) and list it in eventTypes.`;

/** Detail for a subscription pattern that names or matches no catalogue entry. */
export const unknownEventTypePatternMessage = (pattern: string): string =>
  pattern.endsWith('.*')
    ? `"${pattern}" matches no known event type; GET /webhooks/event-types lists them`
    : `unknown event type "${pattern}"; GET /webhooks/event-types lists the known ones`;

/** 400 for an event type that is not a valid name. */
export const invalidEventTypeMessage = (type: string): string =>
  `Event type "${type}" is not valid: use lowercase dot-separated words such as contact.created.`;

/** 400 for event data that is not a JSON object. */
export const eventDataNotObjectMessage = (): string => 'Event data must be a JSON object.';

/** 409 for an idempotency key already used with another type or data. */
export const idempotencyConflictMessage = (key: string): string =>
  `The idempotency key "${echoedId(key)}" was already used for an event with a different type or data; use a new key for a new event.`;

/** 400 for event data nested deeper than the limit. */
export const eventDataTooDeepMessage = (max: number): string =>
  `Event data must not nest more than ${max} levels deep.`;

/** 400 for event data holding U+0000. */
export const eventDataNulMessage = (): string =>
  'Event data must not contain U+0000 (NUL) characters: PostgreSQL cannot store them.';

/** 400 for an idempotency key that is empty, too long or holds control characters. */
export const invalidIdempotencyKeyMessage = (max: number): string =>
  `The idempotency key must be 1-${max} characters without control characters.`;

/** 413 for event data over the size limit. */
export const eventTooLargeMessage = (bytes: number, max: number): string =>
  `Event data is ${bytes} bytes serialized; the limit is ${max} bytes.`;

/**
 * Detail for a refused subscription URL. When the module's `allowPrivateUrls` option would let it
 * through (plain http, loopback, private ranges), `privateUrls` is given and the message names the
 * switch: the host's own setting when the host said what it is called (`privateUrlsSettingName`),
 * else the module option. A local receiver is the first URL most people try, and "must use https"
 * alone does not tell them which switch exists.
 */
export const urlRefusedMessage = (reason: string, privateUrls?: { settingName: string | null }): string => {
  if (!privateUrls) return `url is not allowed: ${reason}`;
  const privateUrlsSwitch =
    privateUrls.settingName === null
      ? 'the WebhooksModule option allowPrivateUrls: true'
      : `the setting ${privateUrls.settingName}=true`;
  return `url is not allowed: ${reason}; ${privateUrlsSwitch} allows plain http and private addresses (for local work and tests only)`;
};

/**
 * What a tenant reads for a delivery that could not or may not connect (ping, delivery log, portal):
 * the same words whether the host name does not resolve or resolves to a refused address, and
 * neither the address nor the resolver's answer (operators find those in the log).
 */
export const destinationNotAllowedMessage = (): string =>
  'destination not allowed: the host is not, or does not resolve to, an address deliveries may use';

/** OAuth2 given without a client secret to a subscription that has none stored. */
export const oauth2SecretRequiredMessage = (): string =>
  'oauth2.client_secret is required unless the subscription already has oauth2';

/** `publishMany` / `POST /events/batch` with no events or too many. */
export const batchSizeMessage = (max: number): string => `events must hold 1 to ${max} events.`;

/** A batch item that is not an object. */
export const batchItemNotObjectMessage = (field: string): string => `${field} must be an object.`;

/** A batch with bad items: the envelope's details name each. */
export const invalidEventBatchMessage = (count: number): string =>
  `${count === 1 ? 'One event' : `${count} events`} of the batch cannot be published; nothing was stored.`;

/** A batch whose idempotency keys were used before for other events. */
export const batchIdempotencyConflictMessage = (count: number): string =>
  `${count === 1 ? 'One idempotency key' : `${count} idempotency keys`} of the batch were used for events with another type or data; nothing was stored.`;

/**
 * The `compatibility` extra names systems the module does not know (`unknown` non-empty) or is not a
 * list of names at all (`got` describes what it is).
 */
export const compatibilityProblemMessage = (
  known: readonly string[],
  problem: { unknown: readonly unknown[] } | { got: string },
): string => {
  const what =
    'got' in problem
      ? `must be an array of system names, got ${problem.got}`
      : `unknown system${problem.unknown.length === 1 ? '' : 's'} ${problem.unknown.map((name) => JSON.stringify(name)).join(', ')}`;
  return `${what}; known: ${known.join(', ')}`;
};

/** An extra (`isGlobal`, `controllers`, `compatibility`) returned by an options factory instead of given beside it. */
export const staticExtraMessage = (): string =>
  'give it to forRootAsync() beside useFactory / useClass / useExisting, not in the options they return: it shapes the module, which is built before the options exist';

/**
 * Start-up problem of a `storage` option that is not a `WebhooksStorage`, naming the ports it lacks;
 * an adapter written before the delivery store was split (it has `deliveries`) is told what replaced it.
 */
export const storageNotImplementedMessage = (missing: readonly string[], hasDeliveries: boolean): string =>
  'must implement WebhooksStorage (e.g. new MikroOrmWebhooksStorage(orm) from @org/webhooks/mikro-orm)' +
  (missing.length > 0 ? `; missing: ${missing.join(', ')}` : '') +
  (hasDeliveries
    ? '; `deliveries` is now four ports: deliveryQueue, deliveryLog, deliveryActions and deliveryMaintenance'
    : '');

/** 409 for redelivering or replaying from the sample event of a test delivery. */
export const testEventNotResendableMessage = (id: string): string =>
  `Event ${echoedId(id)} is the sample of a test delivery: it was never published, so it cannot be redelivered or replayed; send another test instead.`;
