import type { StoredSecret } from '../interfaces/subscription.interface.js';

/** True while a stored secret still signs: the current one always, a rotated-out one until it expires. */
export function isSecretActive(secret: StoredSecret, now: Date): boolean {
  return secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
}

/** The secrets that still sign at `now`, newest first (expired ones are dropped). */
export function pruneExpiredSecrets(secrets: readonly StoredSecret[], now: Date): StoredSecret[] {
  return secrets.filter((secret) => isSecretActive(secret, now));
}

/**
 * How many secrets may sign at once: the current one and two rotated-out ones in their overlap. Each
 * adds a signature to every delivery's header, so rotating 300 times must not make it grow without
 * bound (receivers cap header sizes); a further rotation retires the oldest one early.
 */
export const MAX_LIVE_SECRETS = 3;

/**
 * The secrets after a rotation: `next` becomes the current secret, the previous current one keeps
 * signing until `now + overlapMs` (dropped at once when the overlap is 0), older rotated-out ones
 * keep their own expiry, and expired ones are pruned. At most {@link MAX_LIVE_SECRETS} are kept:
 * the oldest rotated-out ones are retired early. Newest first.
 */
export function rotateSecrets(
  secrets: readonly StoredSecret[],
  next: StoredSecret,
  now: Date,
  overlapMs: number,
): StoredSecret[] {
  const overlapEnd = new Date(now.getTime() + overlapMs);
  const previous = secrets.map((secret) =>
    secret.expiresAt === null || secret.expiresAt.getTime() > overlapEnd.getTime()
      ? { ...secret, expiresAt: overlapEnd }
      : secret,
  );
  return [next, ...pruneExpiredSecrets(previous, now)].slice(0, MAX_LIVE_SECRETS);
}
