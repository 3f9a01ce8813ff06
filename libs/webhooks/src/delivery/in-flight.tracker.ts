import type { ClaimRoom } from '../storage/delivery-store.interface.js';

/**
 * Counts requests in flight, overall and per subscription, and says how much more a claim may take,
 * so no attempt is leased only to wait in process behind a slow endpoint (its lease running out)
 * and a slow endpoint never holds more than its share of the worker.
 */
export class InFlightTracker {
  private total = 0;
  private readonly perSubscription = new Map<string, number>();

  constructor(
    private readonly concurrency: number,
    private readonly perSubscriptionLimit: number,
  ) {}

  /** Requests in flight. */
  get inFlight(): number {
    return this.total;
  }

  /** How many more requests may start now. */
  freeSlots(): number {
    return Math.max(0, this.concurrency - this.total);
  }

  /** The per-subscription room for the next claim. */
  room(): ClaimRoom {
    const full: string[] = [];
    const partial = new Map<string, number>();
    for (const [subscriptionId, count] of this.perSubscription) {
      const left = this.perSubscriptionLimit - count;
      if (left <= 0) full.push(subscriptionId);
      else partial.set(subscriptionId, left);
    }
    return { full, partial, perSubscription: this.perSubscriptionLimit };
  }

  /** A request to `subscriptionId` started. */
  started(subscriptionId: string): void {
    this.total++;
    this.perSubscription.set(subscriptionId, (this.perSubscription.get(subscriptionId) ?? 0) + 1);
  }

  /** A request to `subscriptionId` finished. */
  finished(subscriptionId: string): void {
    this.total--;
    const left = (this.perSubscription.get(subscriptionId) ?? 1) - 1;
    if (left <= 0) this.perSubscription.delete(subscriptionId);
    else this.perSubscription.set(subscriptionId, left);
  }
}
