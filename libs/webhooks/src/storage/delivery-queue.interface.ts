import type { AttemptOutcome, ClaimedDelivery } from '../interfaces/delivery.interface.js';

/**
 * How much more a worker can send per subscription, so a claim never leases attempts that would
 * only wait in process (their leases running out) behind a slow endpoint, and busy subscriptions do
 * not crowd others out of a batch.
 */
export interface ClaimRoom {
  /** Subscriptions with no room: skipped. */
  full: string[];
  /** Partly busy subscriptions and how many more attempts each may take. */
  partial: Map<string, number>;
  /** How many attempts any other subscription may take. */
  perSubscription: number;
}

/** What a worker asks of {@link DeliveryQueue.claimDueDeliveries}. */
export interface ClaimQuery {
  /** Most attempts to lease. */
  limit: number;
  now: Date;
  /** How long the lease lasts from `now`. */
  leaseMs: number;
  /** Written into the lease token, so a log line can say who holds an attempt. */
  workerId: string;
  /** How much more this worker can send at once per subscription. */
  room?: ClaimRoom;
}

/** What {@link DeliveryQueue.fanOutEvents} takes: how many events at most, and the time of the new attempts. */
export interface FanOutQuery {
  limit: number;
  now: Date;
}

/** The subscription policy {@link DeliveryQueue.recordAttempts} applies. */
export interface RecordPolicy {
  /** Consecutive failed attempts after which a subscription is disabled. */
  disableAfterFailures: number;
  /** When the batch is written: the time of a `webhook.disabled` event it publishes. */
  now: Date;
}

/** A claimed attempt handed back by {@link DeliveryQueue.releaseClaims}. */
export interface ReleasedClaim {
  deliveryId: string;
  leaseToken: string;
}

/**
 * Port of the delivery engine (`DeliveryWorker` and its outcome recorder): fan-out, the attempt
 * queue and its leases. The hot path: set-based in SQL, one round trip per batch.
 */
export interface DeliveryQueue {
  /**
   * Claims up to `limit` published events not yet fanned out (skipping ones locked by another
   * instance) and creates a first, due attempt for each matching subscription: same workspace,
   * pattern matching the type, created no later than the event. Returns how many events it took.
   */
  fanOutEvents(query: FanOutQuery): Promise<number>;
  /**
   * Claims up to `limit` due pending attempts of active subscriptions whose lease is free or expired,
   * leasing them to `workerId` until `now + leaseMs`, in one round trip. With `room`, takes no more
   * per subscription than the worker can send at once. Oldest due first.
   */
  claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]>;
  /**
   * Records outcomes in one round trip: marks attempts success/failed (only where the lease token
   * still matches), schedules next attempts, and updates each subscription's `failureCount`,
   * `lastDeliveredAt` and, at `disableAfterFailures` consecutive failures, disables it.
   */
  recordAttempts(outcomes: AttemptOutcome[], policy: RecordPolicy): Promise<void>;
  /**
   * Gives claimed attempts back without an outcome (a stopping worker's queued ones), so any worker
   * can claim them at once instead of after the lease. Only where the lease token still matches.
   */
  releaseClaims(claims: ReleasedClaim[]): Promise<void>;
  /** The earliest `nextAttemptAt` of pending attempts of active subscriptions, for wake-up timing. */
  nextDueAt(): Promise<Date | null>;
}

/** Injection token for {@link DeliveryQueue}. */
export const DeliveryQueue = Symbol('DeliveryQueue');
