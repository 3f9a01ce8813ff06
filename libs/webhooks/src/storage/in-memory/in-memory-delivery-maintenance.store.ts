import type { DeliveryMaintenance, PruneResult, QueueSnapshot } from '../delivery-maintenance.interface.js';
import { activeSubscription } from './in-memory-delivery.rows.js';
import type { InMemoryWebhooksState } from './in-memory.state.js';

/** {@link DeliveryMaintenance} over the shared in-memory rows (tests and first runs). */
export class InMemoryDeliveryMaintenance implements DeliveryMaintenance {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async prepareHistory(): Promise<void> {
    // Nothing to prepare: the history is a map.
  }

  async pruneBefore(cutoff: Date): Promise<PruneResult> {
    let removed = 0;
    for (const [id, d] of this.state.deliveries) {
      if (d.status !== 'pending' && (d.attemptedAt ?? d.createdAt) < cutoff) {
        this.state.deliveries.delete(id);
        removed++;
      }
    }
    const referenced = new Set([...this.state.deliveries.values()].map((d) => d.eventId));
    for (const [id, event] of this.state.events) {
      if (event.fannedOutAt && event.createdAt < cutoff && !referenced.has(id)) {
        this.state.events.delete(id);
        removed++;
      }
    }
    return { removed, kept: [] };
  }

  async queueSnapshot(now: Date): Promise<QueueSnapshot> {
    let pendingDeliveries = 0;
    let oldestDue: number | null = null;
    for (const d of this.state.deliveries.values()) {
      if (d.status !== 'pending' || !activeSubscription(this.state, d.subscriptionId)) continue;
      pendingDeliveries++;
      const at = d.nextAttemptAt.getTime();
      if (at <= now.getTime() && (oldestDue === null || at < oldestDue)) oldestDue = at;
    }
    const subscriptionsByStatus = { active: 0, paused: 0, disabled: 0 };
    for (const subscription of this.state.subscriptions.values()) {
      if (!subscription.deletedAt) subscriptionsByStatus[subscription.status]++;
    }
    return {
      pendingDeliveries,
      oldestDueAt: oldestDue === null ? null : new Date(oldestDue),
      subscriptionsByStatus,
    };
  }
}
