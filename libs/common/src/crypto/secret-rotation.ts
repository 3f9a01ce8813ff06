/** A secret that stops being accepted at `expiresAt` (`null`: the current one, no expiry). */
export interface ExpiringSecret {
  expiresAt: Date | null;
}

/** True while a stored secret is still accepted: the current one always, a rotated-out one until it expires. */
export function isSecretActive(secret: ExpiringSecret, now: Date): boolean {
  return secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime();
}

/** The secrets still accepted at `now`, newest first (expired ones are dropped). */
export function pruneExpiredSecrets<T extends ExpiringSecret>(secrets: readonly T[], now: Date): T[] {
  return secrets.filter((secret) => isSecretActive(secret, now));
}

/**
 * The secrets after a rotation: `next` becomes the current secret, the previous current one stays
 * accepted until `now + overlapMs` (dropped at once when the overlap is 0), older rotated-out ones
 * keep their own expiry, and expired ones are pruned. Newest first. Subscription secrets (outbound)
 * and inbound source secrets rotate alike.
 */
export function rotateSecrets<T extends ExpiringSecret>(
  secrets: readonly T[],
  next: T,
  now: Date,
  overlapMs: number,
): T[] {
  const overlapEnd = new Date(now.getTime() + overlapMs);
  const previous = secrets.map((secret) =>
    secret.expiresAt === null || secret.expiresAt.getTime() > overlapEnd.getTime()
      ? { ...secret, expiresAt: overlapEnd }
      : secret,
  );
  return [next, ...pruneExpiredSecrets(previous, now)];
}
