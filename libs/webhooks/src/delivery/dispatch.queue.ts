import type { ClaimedDelivery } from '../interfaces/delivery.interface.js';
import type { ClaimRoom } from '../storage/delivery-queue.interface.js';

interface SubscriptionLane {
  inFlight: number;
  queued: ClaimedDelivery[];
  /** The subscription's own `max_in_flight`, when lower than the worker's limit. */
  limit: number;
}

/** Limits of a {@link DispatchQueue}. */
export interface DispatchLimits {
  /** Requests in flight at once, overall. */
  concurrency: number;
  /** Requests in flight at once to one subscription. */
  perSubscription: number;
  /** Claimed attempts waiting in process, overall, so the next requests start without a database round trip. */
  prefetch: number;
}

/**
 * The worker's claimed attempts: in flight or queued, per subscription. A claim takes no more than
 * each subscription can start within about one request's time (its concurrency again as queue), so
 * a queued attempt never waits long on its lease, and a slow endpoint holds only its own lanes.
 * Requests start round robin across subscriptions.
 */
export class DispatchQueue {
  private readonly lanes = new Map<string, SubscriptionLane>();
  private inFlightCount = 0;
  private queuedCount = 0;

  constructor(private readonly limits: DispatchLimits) {}

  /** Requests in flight. */
  get inFlight(): number {
    return this.inFlightCount;
  }

  /** Claimed attempts not started yet. */
  get queued(): number {
    return this.queuedCount;
  }

  /** How many more attempts a claim may take now. */
  capacity(): number {
    return Math.max(
      0,
      this.limits.concurrency + this.limits.prefetch - this.inFlightCount - this.queuedCount,
    );
  }

  /** Per-subscription room for the next claim. */
  room(): ClaimRoom {
    const perSubscription = 2 * this.limits.perSubscription;
    const full: string[] = [];
    const partial = new Map<string, number>();
    for (const [subscriptionId, lane] of this.lanes) {
      const left = perSubscription - lane.inFlight - lane.queued.length;
      if (left <= 0) full.push(subscriptionId);
      else partial.set(subscriptionId, left);
    }
    return { full, partial, perSubscription };
  }

  /** Queues freshly claimed attempts. */
  add(claims: readonly ClaimedDelivery[]): void {
    for (const claim of claims) {
      const lane = this.lane(claim.subscriptionId);
      lane.queued.push(claim);
      lane.limit = Math.min(this.limits.perSubscription, claim.maxInFlight ?? Infinity);
    }
    this.queuedCount += claims.length;
  }

  /** The next attempt allowed to start (and counts it in flight), or `undefined`. */
  next(): ClaimedDelivery | undefined {
    if (this.inFlightCount >= this.limits.concurrency || this.queuedCount === 0) return undefined;
    for (const [subscriptionId, lane] of this.lanes) {
      if (lane.queued.length === 0 || lane.inFlight >= lane.limit) continue;
      const claim = lane.queued.shift()!;
      lane.inFlight++;
      this.inFlightCount++;
      this.queuedCount--;
      // Round robin: this subscription goes to the back of the line.
      this.lanes.delete(subscriptionId);
      this.lanes.set(subscriptionId, lane);
      return claim;
    }
    return undefined;
  }

  /** A request to `subscriptionId` finished. */
  finished(subscriptionId: string): void {
    const lane = this.lanes.get(subscriptionId);
    if (!lane) return;
    lane.inFlight--;
    this.inFlightCount--;
    if (lane.inFlight === 0 && lane.queued.length === 0) this.lanes.delete(subscriptionId);
  }

  /** Removes and returns every attempt not started yet (to give back at shutdown). */
  takeQueued(): ClaimedDelivery[] {
    const taken: ClaimedDelivery[] = [];
    for (const [subscriptionId, lane] of this.lanes) {
      taken.push(...lane.queued.splice(0));
      if (lane.inFlight === 0) this.lanes.delete(subscriptionId);
    }
    this.queuedCount = 0;
    return taken;
  }

  private lane(subscriptionId: string): SubscriptionLane {
    let lane = this.lanes.get(subscriptionId);
    if (!lane) {
      lane = { inFlight: 0, queued: [], limit: this.limits.perSubscription };
      this.lanes.set(subscriptionId, lane);
    }
    return lane;
  }
}
