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

/** Port for published events (the outbox). */
export interface EventStore {
  /**
   * Stores an event, inside the caller's transaction when `context.em` is given (so it exists if and
   * only if the caller's change commits), and wakes the dispatchers once it is visible. With an
   * idempotency key already used in the same workspace, stores nothing and returns the first event
   * with `created: false`. Cost is independent of the number of subscriptions.
   */
  insertEvent(
    event: EventRecord,
    context?: TransactionContext,
  ): Promise<{ event: EventRecord; created: boolean }>;
  /** The event with `id` inside `scope`, or `null`. */
  findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null>;
  /** Events inside `scope`, newest first (id descending), strictly before `before` when given. */
  listEvents(query: EventListQuery): Promise<EventRecord[]>;
}

/** Injection token for {@link EventStore}. */
export const EventStore = Symbol('EventStore');
