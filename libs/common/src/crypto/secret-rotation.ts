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
 * How many secrets may be live at once: the current one and two rotated-out ones in their overlap.
 * Each adds a signature to every outbound delivery's header (and a verification attempt to every
 * inbound request), so rotating 300 times must not make it grow without bound (receivers cap header
 * sizes); a further rotation retires the oldest one early.
 */
export const MAX_LIVE_SECRETS = 3;

/**
 * The secrets after a rotation: `next` becomes the current secret, the previous current one stays
 * accepted until `now + overlapMs` (dropped at once when the overlap is 0), older rotated-out ones
 * keep their own expiry, and expired ones are pruned. At most {@link MAX_LIVE_SECRETS} are kept: the
 * oldest rotated-out ones are retired early. Newest first. Subscription secrets (outbound) and
 * inbound source secrets rotate alike.
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
  return [next, ...pruneExpiredSecrets(previous, now)].slice(0, MAX_LIVE_SECRETS);
}
