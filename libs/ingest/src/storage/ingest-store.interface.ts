import type {
  HandlerState,
  InboundEventRecord,
  InboundEventStatus,
} from '../interfaces/inbound-event.interface.js';

/** An event to store, as the receiving side hands it over. */
export interface NewInboundEvent {
  id: string;
  source: string;
  /** Workspace of the source (`null` for sources configured at start-up). */
  workspace: string | null;
  /** Type of a source created over the API (`stripe`, `slack`, …); `null` for configured sources. */
  sourceType: string | null;
  type: string;
  externalId: string;
  payload: unknown;
  rawBody: string;
  headers: Record<string, string>;
  receivedAt: Date;
  /** W3C `traceparent` of the receive span, continued by the handler runs; `null` when untraced. */
  traceContext?: string | null;
}

/** The outcome of storing one event. */
export interface SaveOutcome {
  /** The stored event's id: the new one, or the existing one for a duplicate. */
  id: string;
  /** True when (source, externalId) was already stored (also by an earlier event of the same call). */
  duplicate: boolean;
}

/** Which events to claim and for how long. */
export interface ClaimRequest {
  now: Date;
  /** Most events to claim. */
  limit: number;
  /** The claiming worker, written as the lease owner. */
  leaseOwner: string;
  /** When the lease runs out if the worker neither completes nor fails the event. */
  leaseExpiresAt: Date;
}

/** Filters and page position of a listing. */
export interface ListInboundEventsQuery {
  /** Only this workspace's events; `undefined` lists every workspace. */
  workspace?: string | null;
  source?: string;
  type?: string;
  status?: InboundEventStatus;
  /** Only events with an id lower than this (the list is newest first). */
  before?: string;
  /** Most rows to return. */
  limit: number;
}

/**
 * What a unit of work reports to {@link IngestStore.complete}: every handler's state, and, when a
 * handler failed, the failure to record instead of marking the event processed.
 */
export interface HandlingOutcome {
  handlers: Record<string, HandlerState>;
  failure?: { error: string; retryAt: Date | null };
}

/**
 * Runs `work` so that, if it throws, only its own writes are undone (MikroORM: a savepoint) and the
 * error is rethrown; the surrounding unit of work goes on.
 */
export type Isolate = <T>(work: (transaction: unknown) => Promise<T>) => Promise<T>;

/** Which failed events a range retry puts back. */
export interface RequeueRangeQuery {
  /** Only this workspace's events; `undefined`: every workspace. */
  workspace?: string | null;
  source?: string;
  /** Received at or after. */
  since: Date;
  /** Received before; `undefined`: up to now. */
  until?: Date;
  now: Date;
}

/** What became of a replay request. */
export type ReplayOutcome = 'replayed' | 'not_found' | { busy: InboundEventStatus };

/** What became of a retry request. */
export type RequeueOutcome = 'requeued' | 'not_found' | { notRetryable: InboundEventStatus };

/**
 * Storage port of the ingest library. Implementations: `InMemoryIngestStore` (tests, first runs) and
 * `MikroOrmIngestStore` from `@org/ingest/mikro-orm` (PostgreSQL). One contract suite tests both.
 */
export interface IngestStore {
  /**
   * Checks, once at start-up before anything is served, that the store can work (e.g. the database
   * server's version); rejecting stops the application with the rejection's message.
   */
  prepare?(): Promise<void>;
  /**
   * Stores the events whose (source, externalId) is not stored yet, atomically per event even under
   * concurrent calls (exactly one of N identical concurrent calls reports `duplicate: false`).
   * Returns one outcome per input, in input order. New events are `pending` and due at `receivedAt`.
   */
  saveReceived(events: NewInboundEvent[]): Promise<SaveOutcome[]>;

  /**
   * Claims up to `limit` due events, oldest due first: pending ones whose `nextAttemptAt` has come, and
   * processing ones whose lease expired (their worker died). Claimed events become `processing` under
   * the given lease with `attempts` incremented. Concurrent claimers never get the same event.
   */
  claimDue(request: ClaimRequest): Promise<InboundEventRecord[]>;

  /**
   * Runs `work` and settles the event in one unit of work, if `leaseOwner` still holds it. `work`
   * receives the store's transaction (MikroORM: the transactional `EntityManager`) and an
   * {@link Isolate} to run each handler in (so one handler's failure undoes only its own writes).
   * When it returns an outcome, the handler states are stored with it and the event is marked
   * processed, or, with `failure`, recorded as failed like {@link fail} (the succeeded handlers'
   * writes still commit); returning nothing marks it processed. When `work` throws, nothing commits
   * and the error is rethrown. Returns false (running nothing) when the lease was lost.
   */
  complete(
    id: string,
    leaseOwner: string,
    work: (transaction: unknown, isolate: Isolate) => Promise<HandlingOutcome | void>,
    now: () => Date,
  ): Promise<boolean>;

  /**
   * Records a failed attempt by `leaseOwner`: back to `pending` due at `retryAt`, or `failed` when
   * `retryAt` is null. The error is kept in `lastError`.
   */
  fail(
    id: string,
    leaseOwner: string,
    failure: { error: string; retryAt: Date | null; now: Date },
  ): Promise<void>;

  /** The event with this id, or null. */
  findById(id: string): Promise<InboundEventRecord | null>;

  /** Events matching the filters, newest first (by id), at most `limit`. */
  list(query: ListInboundEventsQuery): Promise<InboundEventRecord[]>;

  /**
   * Puts a failed event back to `pending`, due now, with its attempts reset; handler states are kept,
   * so only the handlers that failed run again.
   */
  requeue(id: string, now: Date): Promise<RequeueOutcome>;

  /**
   * Puts a processed or failed event back to `pending`, due now, with attempts and handler states
   * reset, so every handler runs again. Pending and processing events are `busy`.
   */
  replay(id: string, now: Date): Promise<ReplayOutcome>;

  /** Requeues (as {@link requeue}) every failed event of the range; returns how many. */
  requeueRange(query: RequeueRangeQuery): Promise<number>;

  /**
   * Deletes processed and failed events received before `cutoff` (pending and processing ones are
   * kept, however old); returns how many.
   */
  pruneBefore(cutoff: Date): Promise<number>;
}

/** Injection token for {@link IngestStore}. */
export const IngestStore = Symbol('IngestStore');
