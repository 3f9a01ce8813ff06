// Log and error messages of the delivery engine, in one place (as nestjs/schedule's messages file).

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A batch of outcomes could not be written; it is kept and retried. */
export const recordFailedMessage = (count: number, error: unknown): string =>
  `Could not record ${count} delivery outcome(s), retrying: ${reason(error)}`;

/** Shutdown could not write some outcomes; their leases will expire and the attempts be sent again. */
export const recordAbandonedMessage = (count: number): string =>
  `Giving up on recording ${count} delivery outcome(s) at shutdown; those attempts will be sent again once their lease expires.`;

/** A dispatch cycle failed (database unreachable, ...); the worker backs off and carries on. */
export const dispatchCycleFailedMessage = (error: unknown, retryInMs: number): string =>
  `Delivery dispatch cycle failed, retrying in ${retryInMs} ms: ${reason(error)}`;

/** Claimed attempts whose previous lease had expired: a worker crashed or stalled mid-send. */
export const leasesRecoveredMessage = (count: number): string =>
  `Took over ${count} delivery attempt(s) whose lease had expired (a worker crashed or stalled); they are sent again.`;

/**
 * An attempt whose signing secret opens with no key of the server's key ring; recorded on the
 * attempt (visible in the portal), so it names the cause without crypto details or key names.
 */
export const SECRET_UNAVAILABLE_MESSAGE =
  "the subscription's signing secret cannot be decrypted with the server's keys (the server's key ring is missing its key); nothing was sent";

/** A claimed attempt could not even be prepared for another reason. */
export const attemptPreparationFailedMessage = (error: unknown): string =>
  `cannot sign the request: ${reason(error)}`;

/** Retention pruning removed rows (in memory) or day partitions (PostgreSQL). */
export const prunedMessage = (count: number, days: number): string =>
  `Pruned ${count} row(s) or day partition(s) of attempts and events older than ${days} day(s).`;

/** History past retention that stays, and why; retried at the next pass. */
export const keptHistoryMessage = (name: string, reason: string): string =>
  `Kept ${name} past retention: ${reason}.`;

/** Housekeeping failed; it runs again at the next interval. */
export const housekeepingFailedMessage = (error: unknown): string =>
  `Webhooks housekeeping failed: ${reason(error)}`;

/**
 * A drain (`runUntilIdle`) still found work after its bound of passes: what the last pass found,
 * counted by event type, so a loop (a receiver publishing on every delivery, a retry due at once) shows.
 */
export const busyAfterPassesMessage = (
  maxPasses: number,
  fannedOut: number,
  claims: readonly { eventType: string; subscriptionId: string }[],
): string => {
  const byType = new Map<string, number>();
  for (const claim of claims) byType.set(claim.eventType, (byType.get(claim.eventType) ?? 0) + 1);
  const due = [...byType].map(([type, count]) => `${count} × ${type}`).join(', ');
  const subscriptions = new Set(claims.map((claim) => claim.subscriptionId)).size;
  return (
    `Delivery did not become idle after ${maxPasses} passes: the last pass still found ` +
    `${fannedOut} event(s) to fan out and ${claims.length} attempt(s) due now` +
    (due ? ` (${due}, to ${subscriptions} subscription(s))` : '') +
    '. Something keeps producing work at the same instant (e.g. a receiver that publishes an event on every delivery).'
  );
};
