import type {
  EventDeliverySummary,
  LoggedDeliveryAttempt,
  TestDeliveryRecord,
} from '../../interfaces/event-delivery.interface.js';
import type { DeliveryLog, DeliveryQuery } from '../delivery-log.interface.js';
import type { WorkspaceScope } from '../workspace-scope.js';
import { summarizePair } from './in-memory-delivery-status.js';
import { inScope } from './in-memory-scope.js';
import { copy, type InMemoryWebhooksState, type MemoryDelivery } from './in-memory.state.js';

/** {@link DeliveryLog} over the shared in-memory rows (tests and first runs). */
export class InMemoryDeliveryLog implements DeliveryLog {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async listDeliveries(query: DeliveryQuery): Promise<LoggedDeliveryAttempt[]> {
    const shownAt = (d: MemoryDelivery): Date => d.attemptedAt ?? d.createdAt;
    const pairStatus = (d: MemoryDelivery) => summarizePair(this.state, d.eventId, d.subscriptionId).status;
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
          (query.id === undefined || d.id === query.id) &&
          (query.deliveryStatus === undefined || pairStatus(d) === query.deliveryStatus),
      )
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, query.limit)
      .map((d) => ({ ...toAttemptRecord(d), deliveryStatus: pairStatus(d) }));
  }

  async listEventDeliveries(
    event: { id: string; createdAt: Date },
    scope: WorkspaceScope,
  ): Promise<EventDeliverySummary[]> {
    const subscriptionIds = new Set<string>();
    for (const d of this.state.deliveries.values()) {
      if (d.eventId === event.id && inScope(d.workspace, scope)) subscriptionIds.add(d.subscriptionId);
    }
    return [...subscriptionIds].sort().map((id) => summarizePair(this.state, event.id, id));
  }

  async findTestDelivery(eventId: string, scope: WorkspaceScope): Promise<TestDeliveryRecord | null> {
    for (const d of this.state.deliveries.values()) {
      if (d.test && d.eventId === eventId && inScope(d.workspace, scope))
        return { ...toAttemptRecord(d), requestBody: d.requestBody ?? null };
    }
    return null;
  }
}

/** The row as the log shows it, without the queue's columns. */
function toAttemptRecord(d: MemoryDelivery) {
  const {
    leaseToken: _token,
    leaseExpiresAt: _expires,
    sequence: _sequence,
    requestBody: _body,
    ...record
  } = copy(d);
  return record;
}

/** Rapidly's `query`: a literal, case-insensitive search of what the log shows about an attempt. */
function mentions(delivery: MemoryDelivery, text: string): boolean {
  const needle = text.toLowerCase();
  return [delivery.eventType, delivery.eventId, delivery.responseBody, delivery.error].some((field) =>
    field?.toLowerCase().includes(needle),
  );
}
