import { WEBHOOKS_DEFAULTS } from '../webhooks.constants.js';
import { signPayload } from './signature.js';
import type { SigningKeys } from './signing-keys.js';
import { signStandardWebhooks } from './standard-webhooks.js';

/** User-Agent of deliveries unless configured otherwise. */
export const DEFAULT_USER_AGENT = WEBHOOKS_DEFAULTS.userAgent;

/** Name of the `t=…,v1=…` signature header unless configured otherwise. */
export const DEFAULT_SIGNATURE_HEADER = WEBHOOKS_DEFAULTS.signatureHeader;

/** Names of the fixed headers every delivery carries (the signature header's name is configurable). */
export const DeliveryHeaderNames = {
  contentType: 'Content-Type',
  userAgent: 'User-Agent',
  /** The event id (`evt_…`), the same on every attempt: receivers deduplicate with it. */
  eventId: 'X-Webhook-Event-Id',
  /** The event type, e.g. `contact.created`, so receivers can route before parsing. */
  eventType: 'X-Webhook-Event-Type',
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: 'X-Webhook-Attempt',
  /** Standard Webhooks: the message id (our event id). */
  standardId: 'webhook-id',
  /** Standard Webhooks: unix seconds, signed. */
  standardTimestamp: 'webhook-timestamp',
  /** Standard Webhooks: `v1,<base64>` per secret, space-separated. */
  standardSignature: 'webhook-signature',
} as const;

/** What {@link buildDeliveryHeaders} needs. */
export interface DeliveryHeadersInput {
  eventId: string;
  eventType: string;
  /** 1-based number of this attempt. */
  attempt: number;
  /** The exact body that will be sent. */
  body: string;
  /** Active secrets, newest first: plain, or prepared once with `prepareSigningKeys` (faster). */
  secrets: readonly (string | SigningKeys)[];
  /** Unix seconds of this attempt (each attempt is signed afresh, so retries pass tolerance checks). */
  timestamp: number;
  /** Header that carries `t=…,v1=…`. @default 'X-Webhook-Signature' */
  signatureHeader?: string;
  /** Add the Standard Webhooks `webhook-id`, `webhook-timestamp`, `webhook-signature`. @default true */
  standardWebhooks?: boolean;
  /** @default DEFAULT_USER_AGENT */
  userAgent?: string;
}

/**
 * The headers of one delivery attempt, as a plain object ready for the transport:
 *
 * | header | value |
 * | --- | --- |
 * | `Content-Type` | `application/json` |
 * | `<signatureHeader>` (default `X-Webhook-Signature`) | `t=<unix>,v1=<hex>[,v1=…]`, see `signPayload` |
 * | `webhook-id`, `webhook-timestamp`, `webhook-signature` | Standard Webhooks (when enabled) |
 * | `X-Webhook-Event-Id`, `X-Webhook-Event-Type`, `X-Webhook-Attempt` | event id, type, 1-based attempt |
 * | `User-Agent` | `userAgent` |
 *
 * @throws TypeError when there is no secret, the timestamp or attempt is not a proper integer, or the
 * signature header name is not a header token or clashes with one of the fixed headers.
 */
export function buildDeliveryHeaders(input: DeliveryHeadersInput): Record<string, string> {
  const { eventId, eventType, attempt, body, secrets, timestamp } = input;
  const signatureHeader = input.signatureHeader ?? DEFAULT_SIGNATURE_HEADER;
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new TypeError(`A delivery attempt number starts at 1, got ${attempt}.`);
  }
  assertSignatureHeaderName(signatureHeader);
  const headers: Record<string, string> = {
    [DeliveryHeaderNames.contentType]: 'application/json',
    [signatureHeader]: signPayload({
      body,
      secrets: secrets.map((s) => (typeof s === 'string' ? s : s.signature)),
      timestamp,
    }),
  };
  if (input.standardWebhooks ?? true) {
    headers[DeliveryHeaderNames.standardId] = eventId;
    headers[DeliveryHeaderNames.standardTimestamp] = String(timestamp);
    const standardKeys = secrets.map((s) => (typeof s === 'string' ? s : s.standard));
    headers[DeliveryHeaderNames.standardSignature] = signStandardWebhooks({
      id: eventId,
      timestamp,
      body,
      secrets: standardKeys,
    });
  }
  headers[DeliveryHeaderNames.eventId] = eventId;
  headers[DeliveryHeaderNames.eventType] = eventType;
  headers[DeliveryHeaderNames.attempt] = String(attempt);
  headers[DeliveryHeaderNames.userAgent] = input.userAgent ?? DEFAULT_USER_AGENT;
  return headers;
}

const RESERVED_NAMES = new Set(Object.values(DeliveryHeaderNames).map((name) => name.toLowerCase()));
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Checks a configured signature header name: an HTTP token that does not clash with the fixed
 * delivery headers. Exported so option resolution can fail at start-up rather than at first send.
 * @throws TypeError naming the bad value.
 */
export function assertSignatureHeaderName(name: string): void {
  if (!HEADER_TOKEN.test(name) || RESERVED_NAMES.has(name.toLowerCase())) {
    throw new TypeError(
      `"${name}" cannot be the signature header: use an HTTP token other than ${[...RESERVED_NAMES].join(', ')}.`,
    );
  }
}
