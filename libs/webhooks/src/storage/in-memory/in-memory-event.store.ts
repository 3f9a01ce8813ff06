import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type {
  EventListQuery,
  EventStore,
  InsertedEvent,
  InsertEventsOptions,
} from '../event-store.interface.js';
import { IdempotentBatch } from '../idempotent-batch.js';
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

  async insertEvents(
    records: readonly EventRecord[],
    _context?: TransactionContext,
    options: InsertEventsOptions = {},
  ): Promise<InsertedEvent[]> {
    const batch = new IdempotentBatch(records);
    const earlier: EventRecord[] = [];
    const inserted: EventRecord[] = [];
    for (const record of batch.unique) {
      const stored = record.idempotencyKey === null ? undefined : this.findByKey(record);
      if (stored) earlier.push(toRecord(stored));
      else if (this.state.events.has(record.id) || inserted.some((e) => e.id === record.id))
        throw new Error(`Duplicate event id ${record.id}`);
      else inserted.push(copy(record));
    }
    const results = batch.resolve(inserted, earlier);
    // Checked before anything is stored, so a throw stores nothing of the call (as a rollback would).
    options.beforeCommit?.(results);
    for (const event of inserted) this.state.events.set(event.id, { ...copy(event), fannedOutAt: null });
    // After the caller's await resumes, as PostgreSQL's NOTIFY arrives after commit, and so that a
    // throwing listener cannot fail a publish whose event is already stored.
    if (inserted.length > 0) queueMicrotask(() => this.state.notifyPublished());
    return results.map(({ event, created }) => ({ event: copy(event), created }));
  }

  private findByKey(record: EventRecord): MemoryEvent | undefined {
    for (const row of this.state.events.values()) {
      if (row.idempotencyKey === record.idempotencyKey && row.workspace === record.workspace) return row;
    }
    return undefined;
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
