import { createHmac, type KeyObject } from 'node:crypto';
import { assertSignable } from './signature.js';

const SECRET_PREFIX = 'whsec_';
// Standard (not URL-safe) base64 with correct padding, as the standardwebhooks libraries decode it.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The HMAC key a secret stands for in the Standard Webhooks scheme.
 *
 * - `whsec_<base64>` (what we generate) or bare `<base64>`: the decoded bytes, as the
 *   `standardwebhooks` libraries do with `new Webhook(secret)`.
 * - Anything else (a caller-chosen secret such as `whsec_test_secret`, which is not base64): the
 *   UTF-8 bytes of the WHOLE string, prefix included. The libraries refuse such a secret in their
 *   default mode, so the receiver verifies with `new Webhook(Buffer.from(secret), { format: 'raw' })`
 *   (or `{ format: 'raw' }` with the string itself when it is ASCII).
 */
export function standardWebhooksKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded.length > 0 && BASE64.test(encoded)) return Buffer.from(encoded, 'base64');
  return Buffer.from(secret, 'utf8');
}

/** What {@link signStandardWebhooks} needs. */
export interface StandardWebhooksSignInput {
  /** The `webhook-id`: our event id, stable across retries so receivers can deduplicate. */
  id: string;
  /** Unix time in whole seconds (the `webhook-timestamp`). */
  timestamp: number;
  body: string;
  /**
   * Active secrets, newest first; one signature each. A `KeyObject` is taken as the HMAC key itself,
   * i.e. already {@link standardWebhooksKey} of the secret (see `prepareSigningKeys`).
   */
  secrets: readonly (string | KeyObject)[];
}

/**
 * The `webhook-signature` value of the Standard Webhooks spec: `v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">` per secret, separated by spaces. Receivers accept any match, so
 * rotation works whatever the order.
 *
 * @throws TypeError when no secret is given or the timestamp is not a non-negative integer.
 */
export function signStandardWebhooks({ id, timestamp, body, secrets }: StandardWebhooksSignInput): string {
  assertSignable(secrets, timestamp);
  if (!id || /\s/.test(id)) {
    // The id is sent as a header value: whitespace would not survive the trip intact.
    throw new TypeError(`A webhook-id must be a non-empty token without whitespace, got "${id}".`);
  }
  const signed = `${id}.${timestamp}.${body}`;
  return secrets
    .map((secret) => {
      const key = typeof secret === 'string' ? standardWebhooksKey(secret) : secret;
      return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
    })
    .join(' ');
}
