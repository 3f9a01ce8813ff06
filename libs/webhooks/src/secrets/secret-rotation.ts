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
 * The secrets after a rotation: `next` becomes the current secret, the previous current one keeps
 * signing until `now + overlapMs` (dropped at once when the overlap is 0), older rotated-out ones
 * keep their own expiry, and expired ones are pruned. Newest first.
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
  return [next, ...pruneExpiredSecrets(previous, now)];
}
