import type { DeliveryAttemptRecord } from '../../interfaces/delivery.interface.js';
import type { DeliveryLog, DeliveryQuery } from '../delivery-log.interface.js';
import { inScope } from './in-memory-scope.js';
import { copy, type InMemoryWebhooksState, type MemoryDelivery } from './in-memory.state.js';

/** {@link DeliveryLog} over the shared in-memory rows (tests and first runs). */
export class InMemoryDeliveryLog implements DeliveryLog {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]> {
    const shownAt = (d: MemoryDelivery): Date => d.attemptedAt ?? d.createdAt;
    const cls = query.httpStatusClass;
    return [...this.state.deliveries.values()]
      .filter(
        (d) =>
          d.status !== 'cancelled' &&
          inScope(d.workspace, query.scope) &&
          (query.subscriptionId === undefined || d.subscriptionId === query.subscriptionId) &&
          (query.eventType === undefined || d.eventType === query.eventType) &&
          (query.status === undefined || d.status === query.status) &&
          (cls === undefined || (d.httpStatus !== null && Math.floor(d.httpStatus / 100) === cls)) &&
          (query.since === undefined || shownAt(d) >= query.since) &&
          (query.until === undefined || shownAt(d) < query.until) &&
          (query.text === undefined || mentions(d, query.text)) &&
          (query.before === undefined || d.id < query.before) &&
          (query.id === undefined || d.id === query.id),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map(({ leaseToken: _token, leaseExpiresAt: _expires, sequence: _sequence, ...record }) =>
        copy(record),
      );
  }
}

/** Rapidly's `query`: a literal, case-insensitive search of what the log shows about an attempt. */
function mentions(delivery: MemoryDelivery, text: string): boolean {
  const needle = text.toLowerCase();
  return [delivery.eventType, delivery.eventId, delivery.responseBody, delivery.error].some((field) =>
    field?.toLowerCase().includes(needle),
  );
}
