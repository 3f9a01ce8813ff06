import type {
  AttemptOutcome,
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryStatus,
} from '../interfaces/delivery.interface.js';
import type { SubscriptionStatus } from '../interfaces/subscription.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';

/** Filters of the delivery log. */
export interface DeliveryQuery {
  scope: WorkspaceScope;
  subscriptionId?: string;
  eventType?: string;
  status?: Exclude<DeliveryStatus, 'cancelled'>;
  /** e.g. 5 for 5xx. */
  httpStatusClass?: 2 | 3 | 4 | 5;
  since?: Date;
  until?: Date;
  /**
   * Case-insensitive text searched for in the event type, the event id, the stored response body
   * and the error (Rapidly's `query`). Matched literally: `%` and `_` are not wildcards.
   */
  text?: string;
  /** Newest first: rows strictly older than this id. */
  before?: string;
  /** Only the attempt with this id. */
  id?: string;
  limit: number;
}

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

/** What a worker asks of `DeliveryStore.claimDueDeliveries`. */
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

/** What {@link DeliveryStore.fanOutEvents} takes: how many events at most, and the time of the new attempts. */
export interface FanOutQuery {
  limit: number;
  now: Date;
}

/** The subscription policy {@link DeliveryStore.recordAttempts} applies. */
export interface RecordPolicy {
  /** Consecutive failed attempts after which a subscription is disabled. */
  disableAfterFailures: number;
  /** When the batch is written: the time of a `webhook.disabled` event it publishes. */
  now: Date;
}

/** A claimed attempt handed back by {@link DeliveryStore.releaseClaims}. */
export interface ReleasedClaim {
  deliveryId: string;
  leaseToken: string;
}

/** What {@link DeliveryStore.scheduleRedelivery} takes. */
export interface RedeliveryRequest {
  subscriptionId: string;
  eventId: string;
  scope: WorkspaceScope;
  /** Id of the new attempt. */
  id: string;
  now: Date;
}

/** What {@link DeliveryStore.replayEventsAfter} takes; the store makes the new attempts' ids. */
export interface ReplayRequest {
  subscriptionId: string;
  afterEventId: string;
  scope: WorkspaceScope;
  now: Date;
}

/** What {@link DeliveryStore.redeliverToRecipients} takes. */
export interface RecipientsRedeliveryRequest {
  eventId: string;
  scope: WorkspaceScope;
  now: Date;
}

/** What {@link DeliveryStore.queueSnapshot} reads, for the metrics gauges. */
export interface QueueSnapshot {
  /** Pending attempts of active subscriptions, due or scheduled (paused and disabled ones hold theirs). */
  pendingDeliveries: number;
  /** The earliest `nextAttemptAt` among those already due, `null` when none is. */
  oldestDueAt: Date | null;
  /** Subscriptions (not deleted) per status. */
  subscriptionsByStatus: Record<SubscriptionStatus, number>;
}

/** What {@link DeliveryStore.recoverFailed} takes; the store makes the new attempts' ids. */
export interface RecoverRequest {
  subscriptionId: string;
  scope: WorkspaceScope;
  /** Events created at or after this time… */
  since: Date;
  /** …and before this one. */
  until: Date;
  now: Date;
}

/** History that retention had to keep past its cutoff. */
export interface KeptHistory {
  /** What stayed (PostgreSQL: a day partition, e.g. `webhook_event_p20260316`). */
  name: string;
  /** Why, e.g. `attempts still refer to its events`. */
  reason: string;
}

/** What {@link DeliveryStore.pruneBefore} removed, and what it had to keep. */
export interface PruneResult {
  /** Rows removed (in-memory) or whole day partitions dropped (PostgreSQL). */
  removed: number;
  /** History wholly past the cutoff that stays, and why (PostgreSQL; checked again at the next pass). */
  kept: KeptHistory[];
}

/** Port for fan-out, the attempt queue and the delivery log. The hot path is set-based in SQL. */
export interface DeliveryStore {
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
  /** The delivery log, newest first. */
  listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]>;
  /**
   * Schedules a fresh attempt 1 of the event, due now, for every subscription (not deleted, in
   * scope) that had an attempt of it; returns the new attempts' ids (none when no one received it).
   */
  redeliverToRecipients(request: RecipientsRedeliveryRequest): Promise<string[]>;
  /**
   * Stores a finished test delivery (`test: true`) in the log. It never enters the queue and does
   * not change the subscription's failure count.
   */
  recordTestDelivery(record: DeliveryAttemptRecord): Promise<void>;
  /** Schedules a fresh attempt 1 of `eventId` to the subscription now; `false` if either is unknown in scope. */
  scheduleRedelivery(request: RedeliveryRequest): Promise<boolean>;
  /**
   * Schedules attempt 1 for every event after `afterEventId` that the subscription matches;
   * returns how many.
   */
  replayEventsAfter(request: ReplayRequest): Promise<number>;
  /**
   * Schedules attempt 1 now for every event of the window whose latest attempt to the subscription
   * failed (nothing pending or delivered since), each once; returns how many.
   */
  recoverFailed(request: RecoverRequest): Promise<number>;
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

/** Injection token for {@link DeliveryStore}. */
export const DeliveryStore = Symbol('DeliveryStore');
