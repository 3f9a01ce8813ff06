import { createHmac, KeyObject } from 'node:crypto';
import { safeEqual } from '@org/common';

/** What {@link signPayload} needs. */
export interface SignPayloadInput {
  /** The exact bytes that go on the wire, as a string (the receiver hashes what it receives). */
  body: string;
  /**
   * Active secrets, NEWEST FIRST. Each is used as the raw UTF-8 string, `whsec_` prefix included,
   * exactly as the seed-001 listener does with `createHmac('sha256', secret)`; or a secret key made
   * once from those bytes (`createSecretKey(Buffer.from(secret))`, see `prepareSigningKeys`).
   */
  secrets: readonly (string | KeyObject)[];
  /** Unix time in whole seconds. */
  timestamp: number;
}

/**
 * Signs a delivery body in the `t=<unix>,v1=<hex>` scheme: each `v1` is the hex HMAC-SHA256 of
 * `"<t>.<body>"` under one secret, in the order given (newest first).
 *
 * With one secret the value is exactly `t=…,v1=…`, which the seed-001 Express listener verifies
 * unchanged. During a rotation there is one `v1` per secret, and receivers differ:
 * - the seed-001 Express code does `signature.split(",")` and compares only the FIRST `v1`, so it
 *   verifies only with the NEWEST secret: such a receiver must switch to the new secret before
 *   (or as soon as) it is rotated, the grace period does not help it;
 * - the seed-001 Python code does `dict(p.split("=", 1) …)`, which keeps the LAST `v1`, i.e. the
 *   OLDEST secret: it keeps working during the grace period and must switch before it ends;
 * - a receiver that checks every `v1` (ours, Stripe-style) works throughout.
 *
 * @example signPayload({ body: '{"id":"evt_1"}', secrets: ['whsec_abc'], timestamp: 1700000000 })
 * // 't=1700000000,v1=5f0c…'
 * @throws TypeError when no secret is given or the timestamp is not a non-negative integer.
 */
export function signPayload({ body, secrets, timestamp }: SignPayloadInput): string {
  assertSignable(secrets, timestamp);
  const signed = `${timestamp}.${body}`;
  const parts = secrets.map((secret) => `v1=${createHmac('sha256', secret).update(signed).digest('hex')}`);
  return [`t=${timestamp}`, ...parts].join(',');
}

/** Options of {@link verifySignatureHeader}. */
export interface VerifySignatureOptions {
  /** Largest allowed distance, either way, between the signed timestamp and `now`. @default 300 */
  toleranceSeconds?: number;
  /** The current time. @default new Date() */
  now?: Date;
}

/** Why a signature header was refused. */
export type SignatureFailureReason = 'malformed' | 'timestamp_out_of_tolerance' | 'no_matching_signature';

/** Outcome of {@link verifySignatureHeader}. */
export type SignatureVerification =
  | {
      valid: true;
      timestamp: number;
      /** Index in `secrets` of the secret that matched. */ secretIndex: number;
    }
  | { valid: false; reason: SignatureFailureReason };

/** A parsed `t=…,v1=…[,v1=…]` header. */
export interface ParsedSignatureHeader {
  timestamp: number;
  /** Every `v1` value in header order (other schemes are ignored). */
  signatures: string[];
}

/**
 * Parses a `t=<unix>,v1=<hex>[,v1=<hex>…]` header; unknown schemes (e.g. `v0=`) are skipped.
 * Returns `null` when there is no single integer `t` or no `v1`.
 */
export function parseSignatureHeader(header: string): ParsedSignatureHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,11}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      signatures.push(value);
    }
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/**
 * Verifies a `t=…,v1=…` header against a body and any of several secrets, in constant time per
 * comparison, accepting a timestamp up to `toleranceSeconds` in the past or the future (clock skew).
 * Every `v1` is checked against every secret, so it works throughout a rotation.
 */
export function verifySignatureHeader(
  body: string,
  header: string | undefined | null,
  secrets: readonly string[],
  { toleranceSeconds = 300, now = new Date() }: VerifySignatureOptions = {},
): SignatureVerification {
  const parsed = header ? parseSignatureHeader(header) : null;
  if (!parsed) return { valid: false, reason: 'malformed' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) {
    return { valid: false, reason: 'timestamp_out_of_tolerance' };
  }
  const signed = `${parsed.timestamp}.${body}`;
  let secretIndex = -1;
  secrets.forEach((secret, index) => {
    const expected = createHmac('sha256', secret).update(signed).digest('hex');
    // No early exit: how long this takes does not depend on which signature matched.
    for (const candidate of parsed.signatures) {
      if (safeEqual(expected, candidate) && secretIndex < 0) secretIndex = index;
    }
  });
  return secretIndex < 0
    ? { valid: false, reason: 'no_matching_signature' }
    : { valid: true, timestamp: parsed.timestamp, secretIndex };
}

/** Shared argument checks of the signers: strings must be non-empty, keys must be secret keys. */
export function assertSignable(secrets: readonly (string | KeyObject)[], timestamp: number): void {
  if (secrets.length === 0 || secrets.some((secret) => !isUsableSecret(secret))) {
    throw new TypeError('Cannot sign a webhook without at least one non-empty secret.');
  }
  // Below 1e11 (year 5138): a larger value is almost certainly milliseconds passed by mistake.
  if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp >= 1e11) {
    throw new TypeError(`A signature timestamp must be whole unix seconds, got ${timestamp}.`);
  }
}

function isUsableSecret(secret: unknown): boolean {
  if (typeof secret === 'string') return secret.length > 0;
  return secret instanceof KeyObject && secret.type === 'secret' && secret.symmetricKeySize! > 0;
}
