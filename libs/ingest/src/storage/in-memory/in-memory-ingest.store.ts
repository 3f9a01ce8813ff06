import type { HandlerState, InboundEventRecord } from '../../interfaces/inbound-event.interface.js';
import type {
  ClaimRequest,
  HandlingOutcome,
  IngestStore,
  Isolate,
  ListInboundEventsQuery,
  NewInboundEvent,
  ReplayOutcome,
  RequeueOutcome,
  RequeueRangeQuery,
  SaveOutcome,
} from '../ingest-store.interface.js';

/**
 * Keeps inbound events in process memory: for tests and first runs. Everything is lost on restart,
 * so the module refuses it when NODE_ENV=production unless `allowInMemoryStorage` is set. Handlers get
 * no transaction (`context.em` is undefined). Records are copied in and out, so callers cannot
 * change stored state by mutating what they hold.
 */
export class InMemoryIngestStore implements IngestStore {
  private readonly byId = new Map<string, InboundEventRecord>();
  private readonly idByKey = new Map<string, string>();

  async saveReceived(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    // No await before the last check-and-set: JavaScript runs this atomically, which is what makes
    // concurrent identical requests store one event.
    return events.map((event) => {
      const key = `${event.source}\u0000${event.externalId}`;
      const existing = this.idByKey.get(key);
      if (existing) return { id: existing, duplicate: true };
      this.idByKey.set(key, event.id);
      this.byId.set(event.id, {
        ...copy(event),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: event.receivedAt,
        lastError: null,
        handlers: {},
        leaseOwner: null,
        leaseExpiresAt: null,
        processedAt: null,
        updatedAt: event.receivedAt,
        traceContext: event.traceContext ?? null,
      });
      return { id: event.id, duplicate: false };
    });
  }

  async claimDue({ now, limit, leaseOwner, leaseExpiresAt }: ClaimRequest): Promise<InboundEventRecord[]> {
    const due = [...this.byId.values()]
      .filter(
        (e) =>
          (e.status === 'pending' && e.nextAttemptAt! <= now) ||
          (e.status === 'processing' && e.leaseExpiresAt! <= now),
      )
      .sort((a, b) => dueAt(a) - dueAt(b) || a.id.localeCompare(b.id))
      .slice(0, limit);
    for (const event of due) {
      Object.assign(event, {
        status: 'processing',
        attempts: event.attempts + 1,
        leaseOwner,
        leaseExpiresAt,
        updatedAt: now,
      });
    }
    return due.map(copy);
  }

  async complete(
    id: string,
    leaseOwner: string,
    work: (transaction: unknown, isolate: Isolate) => Promise<HandlingOutcome | void>,
    now: () => Date,
  ): Promise<boolean> {
    if (!this.holds(id, leaseOwner)) return false;
    // Nothing to undo without transactions: the isolate only runs the work.
    const outcome = await work(undefined, (inner) => inner(undefined));
    // The lease may have run out and been taken over while the work ran.
    const event = this.holds(id, leaseOwner);
    if (!event) return false;
    if (outcome) event.handlers = copyHandlers(outcome.handlers);
    if (outcome?.failure) {
      await this.fail(id, leaseOwner, { ...outcome.failure, now: now() });
      return true;
    }
    const at = now();
    Object.assign(event, {
      status: 'processed',
      processedAt: at,
      nextAttemptAt: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: at,
    });
    return true;
  }

  async fail(
    id: string,
    leaseOwner: string,
    { error, retryAt, now }: { error: string; retryAt: Date | null; now: Date },
  ): Promise<void> {
    const event = this.holds(id, leaseOwner);
    if (!event) return;
    Object.assign(event, {
      status: retryAt ? 'pending' : 'failed',
      nextAttemptAt: retryAt,
      lastError: error,
      leaseOwner: null,
      leaseExpiresAt: null,
      updatedAt: now,
    });
  }

  async findById(id: string): Promise<InboundEventRecord | null> {
    const event = this.byId.get(id);
    return event ? copy(event) : null;
  }

  async list({
    workspace,
    source,
    type,
    status,
    before,
    limit,
  }: ListInboundEventsQuery): Promise<InboundEventRecord[]> {
    return [...this.byId.values()]
      .filter((e) => workspace === undefined || e.workspace === workspace)
      .filter(
        (e) =>
          (!source || e.source === source) && (!type || e.type === type) && (!status || e.status === status),
      )
      .filter((e) => !before || e.id < before)
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map(copy);
  }

  async requeue(id: string, now: Date): Promise<RequeueOutcome> {
    const event = this.byId.get(id);
    if (!event) return 'not_found';
    if (event.status !== 'failed') return { notRetryable: event.status };
    Object.assign(event, { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now });
    return 'requeued';
  }

  async replay(id: string, now: Date): Promise<ReplayOutcome> {
    const event = this.byId.get(id);
    if (!event) return 'not_found';
    if (event.status !== 'failed' && event.status !== 'processed') return { busy: event.status };
    Object.assign(event, {
      status: 'pending',
      attempts: 0,
      handlers: {},
      nextAttemptAt: now,
      processedAt: null,
      updatedAt: now,
    });
    return 'replayed';
  }

  async requeueRange({ workspace, source, since, until, now }: RequeueRangeQuery): Promise<number> {
    let count = 0;
    for (const event of this.byId.values()) {
      if (event.status !== 'failed' || event.receivedAt < since || (until && event.receivedAt >= until))
        continue;
      if ((workspace !== undefined && event.workspace !== workspace) || (source && event.source !== source))
        continue;
      Object.assign(event, { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now });
      count += 1;
    }
    return count;
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    let count = 0;
    for (const [id, event] of this.byId) {
      if ((event.status === 'processed' || event.status === 'failed') && event.receivedAt < cutoff) {
        this.byId.delete(id);
        this.idByKey.delete(`${event.source}\u0000${event.externalId}`);
        count += 1;
      }
    }
    return count;
  }

  private holds(id: string, leaseOwner: string): InboundEventRecord | undefined {
    const event = this.byId.get(id);
    return event?.status === 'processing' && event.leaseOwner === leaseOwner ? event : undefined;
  }
}

/** A deep copy (payloads are JSON, so a JSON round trip is exact); dates are copied too. */
function copy<T extends NewInboundEvent | InboundEventRecord>(event: T): T {
  const dates = Object.fromEntries(
    Object.entries(event)
      .filter(([, value]) => value instanceof Date)
      .map(([key, value]) => [key, new Date(value as Date)]),
  );
  return {
    ...event,
    ...dates,
    payload: JSON.parse(JSON.stringify(event.payload ?? null)),
    headers: { ...event.headers },
    ...('handlers' in event ? { handlers: copyHandlers(event.handlers) } : {}),
  };
}

function copyHandlers(handlers: Record<string, HandlerState>): Record<string, HandlerState> {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, state]) => [
      name,
      { ...state, lastAttemptAt: new Date(state.lastAttemptAt) },
    ]),
  );
}

function dueAt(event: InboundEventRecord): number {
  return (event.status === 'pending' ? event.nextAttemptAt : event.leaseExpiresAt)?.getTime() ?? 0;
}
