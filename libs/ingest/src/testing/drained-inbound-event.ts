/** One handling of a stored event during a drain. */
export interface DrainedInboundEvent {
  /** The stored event's id (`iev_…`). */
  id: string;
  /** The source it came through (`stripe`, or the id of a source created over the API). */
  source: string;
  /** The event type (`payment_intent.succeeded`). */
  type: string;
  /** The sender's id (Stripe event id, GitHub delivery…). */
  externalId: string;
  /** Which attempt this was, from 1. */
  attempt: number;
  /** The first failing handler's error; `null` when every handler succeeded. */
  error: string | null;
  /** When the failed handlers run again; `null` when handled or failed for good. */
  retryAt: Date | null;
}

/** What a drain did, each handling in the order it finished. */
export interface IngestDrainReport {
  /** Events whose handlers all succeeded. */
  handled: DrainedInboundEvent[];
  /** Events with a failing handler and a retry scheduled (`retryAt`): `advance()` to it. */
  retryScheduled: DrainedInboundEvent[];
  /** Events with a failing handler and no attempt left. */
  failed: DrainedInboundEvent[];
  /** Rounds of the worker it took (a round claims up to `worker.concurrency` events). */
  rounds: number;
}
