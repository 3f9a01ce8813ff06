import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type { EventListQuery, EventStore } from '../event-store.interface.js';
import type { TransactionContext } from '../transaction-context.js';
import type { WorkspaceScope } from '../workspace-scope.js';
import { copy, type InMemoryWebhooksState, type MemoryEvent } from './in-memory.state.js';
import { inScope } from './in-memory-scope.js';

/**
 * {@link EventStore} over the shared in-memory rows (tests and first runs). It cannot join a
 * caller's database transaction: `context.em` is ignored and the event is stored at once.
 */
export class InMemoryEventStore implements EventStore {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async insertEvent(
    event: EventRecord,
    _context?: TransactionContext,
  ): Promise<{ event: EventRecord; created: boolean }> {
    if (event.idempotencyKey !== null) {
      for (const row of this.state.events.values()) {
        if (row.idempotencyKey === event.idempotencyKey && row.workspace === event.workspace) {
          return { event: toRecord(row), created: false };
        }
      }
    }
    if (this.state.events.has(event.id)) throw new Error(`Duplicate event id ${event.id}`);
    this.state.events.set(event.id, { ...copy(event), fannedOutAt: null });
    // After the caller's await resumes, as PostgreSQL's NOTIFY arrives after commit, and so that a
    // throwing listener cannot fail a publish whose event is already stored.
    queueMicrotask(() => this.state.notifyPublished());
    return { event: copy(event), created: true };
  }

  async findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null> {
    const row = this.state.events.get(id);
    return row && inScope(row.workspace, scope) ? toRecord(row) : null;
  }

  async listEvents(query: EventListQuery): Promise<EventRecord[]> {
    const { scope, type, before, limit } = query;
    return [...this.state.events.values()]
      .filter((row) => inScope(row.workspace, scope) && (type === undefined || row.type === type))
      .filter((row) => before === undefined || row.id < before)
      .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, limit)
      .map(toRecord);
  }
}

function toRecord(row: MemoryEvent): EventRecord {
  const { fannedOutAt: _fannedOutAt, ...record } = copy(row);
  return record;
}
