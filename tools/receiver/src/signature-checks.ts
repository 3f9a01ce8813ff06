import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { SchemeVerification } from './receiver.types.js';

/** How strictly timestamps are checked. */
export interface TimestampPolicy {
  /** `null` skips the check. */
  toleranceSeconds: number | null;
  now: Date;
}

// Written independently of @org/webhooks on purpose: the receiver is the other side of the contract.

/**
 * Checks a `t=<unix>,v1=<hex>[,v1=…]` header: any `v1` matching any secret's
 * HMAC-SHA256(secret, "<t>.<body>") counts, compared in constant time.
 */
export function verifyTimestampedSignature(
  body: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  policy: TimestampPolicy,
): SchemeVerification {
  if (!header) return { status: 'missing' };
  if (secrets.length === 0) return { status: 'skipped' };
  const fields = header.split(',').map((part) => part.trim().split('='));
  const timestamps = fields.filter(([key]) => key === 't').map(([, value]) => value ?? '');
  const candidates = fields.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0]!) || candidates.length === 0) {
    return { status: 'invalid', reason: 'malformed header' };
  }
  const timestamp = Number(timestamps[0]);
  const skew = checkSkew(timestamp, policy);
  if (skew) return skew;
  const prefix = Buffer.from(`${timestamp}.`);
  const matched = secrets.some((secret) => {
    const expected = Buffer.from(createHmac('sha256', secret).update(prefix).update(body).digest('hex'));
    return candidates.some((candidate) => {
      const given = Buffer.from(candidate);
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
  return matched ? { status: 'valid' } : { status: 'invalid', reason: 'no matching signature' };
}

/**
 * Why a `t=…,v1=…` signature was not found, when another header carries one: the sender chooses the
 * name (its `signatureHeader` option; @org/webhooks sends `X-Webhook-Signature` unless configured,
 * the host app `X-Rex-Signature`), so a different name on each side is the usual cause.
 */
export function misnamedSignatureReason(headers: IncomingHttpHeaders, expected: string): string | undefined {
  const found = Object.entries(headers).find(
    ([name, value]) =>
      name !== expected.toLowerCase() && typeof value === 'string' && /^t=\d+,v1=/.test(value),
  );
  return found
    ? `no ${expected} header, but ${found[0]} carries t=…,v1=… (the sender's signatureHeader option names it): receive with --header ${found[0]}`
    : undefined;
}

/**
 * Checks the Standard Webhooks headers with the `standardwebhooks` library computing the expected
 * signature (its key decoding and HMAC), while the timestamp window follows `policy`, so senders on
 * a manual clock can be verified. A secret the library cannot base64-decode is used raw (UTF-8).
 */
export function verifyStandardWebhooksSignature(
  body: Buffer,
  headers: IncomingHttpHeaders,
  secrets: readonly string[],
  policy: TimestampPolicy,
): SchemeVerification {
  const id = headers['webhook-id'];
  const timestampHeader = headers['webhook-timestamp'];
  const signature = headers['webhook-signature'];
  if (!id && !timestampHeader && !signature) return { status: 'missing' };
  if (secrets.length === 0) return { status: 'skipped' };
  if (
    typeof id !== 'string' ||
    typeof timestampHeader !== 'string' ||
    typeof signature !== 'string' ||
    !/^\d+$/.test(timestampHeader)
  ) {
    return { status: 'invalid', reason: 'incomplete or malformed webhook-* headers' };
  }
  const timestamp = Number(timestampHeader);
  const skew = checkSkew(timestamp, policy);
  if (skew) return skew;
  const given = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry));
  const matched = secrets.some((secret) => {
    const expected = Buffer.from(
      webhookFor(secret).sign(id, new Date(timestamp * 1000), body.toString('utf8')),
    );
    return given.some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    );
  });
  return matched ? { status: 'valid' } : { status: 'invalid', reason: 'no matching signature' };
}

function webhookFor(secret: string): Webhook {
  try {
    return new Webhook(secret);
  } catch {
    return new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });
  }
}

function checkSkew(timestamp: number, { toleranceSeconds, now }: TimestampPolicy): SchemeVerification | null {
  if (toleranceSeconds === null) return null;
  const skew = Math.floor(now.getTime() / 1000) - timestamp;
  return Math.abs(skew) > toleranceSeconds
    ? {
        status: 'invalid',
        reason: `timestamp outside tolerance (${skew > 0 ? `${skew} s old` : `${-skew} s ahead`})`,
      }
    : null;
}
