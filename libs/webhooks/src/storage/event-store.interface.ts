import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';
import type { TransactionContext } from './transaction-context.js';

/** What {@link EventStore.listEvents} takes. */
export interface EventListQuery {
  scope: WorkspaceScope;
  type?: string;
  /** Only events with a smaller id (the previous page's last). */
  before?: string;
  limit: number;
}

/** What {@link EventStore.insertEvents} answers for one record: the stored event, and whether it is new. */
export interface InsertedEvent {
  /** The record stored now, or the event stored earlier under the same idempotency key. */
  event: EventRecord;
  created: boolean;
}

/** Options of {@link EventStore.insertEvents}. */
export interface InsertEventsOptions {
  /**
   * Called with the results before they commit (inside the caller's transaction with `em`, else in the
   * store's own): a throw stores nothing of the call and rejects with it. `publishMany` refuses an
   * idempotency conflict this way, atomically.
   */
  beforeCommit?(results: readonly InsertedEvent[]): void;
}

/** Port for published events (the outbox). */
export interface EventStore {
  /**
   * Stores events in one transaction: the caller's when `context.em` is given (so they exist if and
   * only if the caller's change commits), else one of the store's own (group commit: concurrent
   * publishes share it). Wakes the dispatchers once they are visible. A record whose idempotency key
   * was already used in its workspace (earlier, or by a previous record of the same call) stores
   * nothing and answers the first event with `created: false`. Results in input order; cost
   * independent of the number of subscriptions.
   */
  insertEvents(
    records: readonly EventRecord[],
    context?: TransactionContext,
    options?: InsertEventsOptions,
  ): Promise<InsertedEvent[]>;
  /** The event with `id` inside `scope`, or `null`. */
  findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null>;
  /** Events inside `scope`, newest first (id descending), strictly before `before` when given. */
  listEvents(query: EventListQuery): Promise<EventRecord[]>;
}

/** Injection token for {@link EventStore}. */
export const EventStore = Symbol('EventStore');
