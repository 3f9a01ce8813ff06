import type { SubscriptionStatus } from '../interfaces/subscription.interface.js';

/** What {@link DeliveryMaintenance.queueSnapshot} reads, for the metrics gauges. */
export interface QueueSnapshot {
  /** Pending attempts of active subscriptions, due or scheduled (paused and disabled ones hold theirs). */
  pendingDeliveries: number;
  /** The earliest `nextAttemptAt` among those already due, `null` when none is. */
  oldestDueAt: Date | null;
  /** Subscriptions (not deleted) per status. */
  subscriptionsByStatus: Record<SubscriptionStatus, number>;
}

/** History that retention had to keep past its cutoff. */
export interface KeptHistory {
  /** What stayed (PostgreSQL: a day partition, e.g. `webhook_event_p20260316`). */
  name: string;
  /** Why, e.g. `attempts still refer to its events`. */
  reason: string;
}

/** What {@link DeliveryMaintenance.pruneBefore} removed, and what it had to keep. */
export interface PruneResult {
  /** Rows removed (in-memory) or whole day partitions dropped (PostgreSQL). */
  removed: number;
  /** History wholly past the cutoff that stays, and why (PostgreSQL; checked again at the next pass). */
  kept: KeptHistory[];
}

/**
 * Port of the operational side of delivery storage: the history's housekeeping
 * (`DeliveryScheduler`) and the queue's gauges (`WebhooksMetrics`). Calls here read or reshape the
 * whole store, never one attempt.
 */
export interface DeliveryMaintenance {
  /**
   * Removes finished attempts and fanned-out events older than `cutoff`. Never anything pending (also
   * held: paused, disabled, behind a FIFO head), and never an event a pending or kept attempt refers
   * to. Time-partitioned storage drops whole days that lie before `cutoff`, so it keeps rows up to a
   * day longer than a row-by-row store.
   */
  pruneBefore(cutoff: Date): Promise<PruneResult>;
  /**
   * Gets storage ready for the history of the days from `now` on (PostgreSQL: makes the day
   * partitions ahead and moves rows waiting in a default partition into theirs). Nothing to do in
   * memory. Called by the scheduler at start and with every housekeeping pass.
   */
  prepareHistory(now: Date): Promise<void>;
  /**
   * The backlog and subscription counts as of `now`, in one cheap read (the metrics scrape calls
   * it): shared by every instance on the same database, so every instance reports the same.
   */
  queueSnapshot(now: Date): Promise<QueueSnapshot>;
}

/** Injection token for {@link DeliveryMaintenance}. */
export const DeliveryMaintenance = Symbol('DeliveryMaintenance');
