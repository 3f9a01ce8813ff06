import type { InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GroupCommit, type GroupCommitOptions } from '@org/common';
import { PostgresServer, SqlRunner } from '@org/common/sql';
import { PRUNE_BATCH_SIZE } from '../ingest.constants.js';
import { ENTITY_NOT_DISCOVERED } from '../ingest.messages.js';
import type {
  HandlerState,
  InboundEventRecord,
  InboundEventStatus,
} from '../interfaces/inbound-event.interface.js';
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
} from '../storage/ingest-store.interface.js';
import { IngestEvent, type HandlerStateRow } from './ingest-event.entity.js';
import * as statements from './ingest-event.sql.js';

type Row = Record<string, unknown>;

/**
 * One insert at a time, as a database's group commit: under load every delivery that arrives while it
 * runs leaves in the next one. Measured with `npm run bench -- ingest`, this spent the least gateway
 * CPU per request (fewest round trips, wake-ups and commits) and gave the best rate; 2, 4 and 8 at
 * once did worse. At most 100 events (one request's maximum) each, so at most 100 prepared inserts.
 */
const SAVE_GROUP: GroupCommitOptions<NewInboundEvent[]> = {
  inFlight: 1,
  maxGroup: 100,
  // At most 100 events and 8 MiB of raw bodies per statement (a single larger call still goes, alone).
  fits: (group, next) =>
    count(group) + next.length <= 100 && bodyChars(group) + bodyChars([next]) <= 8 * 1024 * 1024,
};

const count = (calls: readonly NewInboundEvent[][]): number =>
  calls.reduce((sum, events) => sum + events.length, 0);
const bodyChars = (calls: readonly NewInboundEvent[][]): number =>
  calls.reduce((sum, events) => sum + events.reduce((chars, event) => chars + event.rawBody.length, 0), 0);

/**
 * PostgreSQL store on MikroORM. The hot paths are single set-based statements: storing is
 * `INSERT … ON CONFLICT DO NOTHING` (so concurrent identical deliveries store one row), claiming is one
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`. Handlers run inside a transaction that
 * first locks the event row (checking the lease) and ends by marking it processed, so what they write
 * through the transactional `EntityManager` commits exactly when the event is marked processed.
 * Every call works on a fork of the given `EntityManager`, never on the global one.
 */
export class MikroOrmIngestStore implements IngestStore {
  /** Concurrent `saveReceived` calls, one statement per group (every call answered after its commit). */
  private readonly saves = new GroupCommit<NewInboundEvent[], SaveOutcome[]>(async (calls) => {
    const outcomes = await this.insert(calls.flat());
    let offset = 0;
    return calls.map((events) => outcomes.slice(offset, (offset += events.length)));
  }, SAVE_GROUP);
  private readonly sql: SqlRunner;

  /** @throws Error when the IngestEvent entity is not registered with this MikroORM instance. */
  constructor(private readonly em: EntityManager) {
    if (!em.getMetadata().find(IngestEvent)) throw new Error(ENTITY_NOT_DISCOVERED);
    this.sql = new SqlRunner(em);
  }

  /**
   * Reads the server once and refuses one the library cannot run on (older than PostgreSQL 15, or
   * read-only) with an `UnsupportedPostgresError` naming the version found and the fix.
   */
  async prepare(): Promise<void> {
    await new PostgresServer(this.sql).check('@org/ingest');
  }

  /**
   * Concurrent calls are grouped into one statement each (`GroupCommit` from `@org/common`); when a
   * group's statement fails, its calls are written again one by one, so one bad call fails alone.
   */
  async saveReceived(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    if (events.length === 0) return [];
    return this.saves.submit(events);
  }

  private async insert(events: NewInboundEvent[]): Promise<SaveOutcome[]> {
    const inserted = await this.insertRows(events);
    const insertedIds = new Set(inserted.map((row) => String(row.id)));
    if (insertedIds.size === events.length) return events.map((e) => ({ id: e.id, duplicate: false }));
    // Repeats (of earlier requests, or of earlier events in this batch) answer with the stored id.
    const repeats = events.filter((e) => !insertedIds.has(e.id));
    const existing = await this.sql.rows<Row>(
      statements.selectIdsByKey(repeats.length),
      repeats.flatMap((e) => [e.source, e.externalId]),
    );
    const key = (source: unknown, externalId: unknown) => `${String(source)}\u0000${String(externalId)}`;
    const idByKey = new Map(existing.map((row) => [key(row.source, row.external_id), String(row.id)]));
    return events.map((e) =>
      insertedIds.has(e.id)
        ? { id: e.id, duplicate: false }
        : { id: idByKey.get(key(e.source, e.externalId))!, duplicate: true },
    );
  }

  /**
   * The hot path: through the driver's own pool (see {@link SqlRunner}), as a statement prepared once
   * per connection and per batch size (up to the batch limit) with bound parameters, so neither side
   * formats or parses 10 values per event each time. MikroORM's query logging does not see it. A host
   * whose MikroORM owns no pg pool (a Kysely dialect passed in `driverOptions`) gets the same statement
   * through `em.execute`.
   */
  private insertRows(events: NewInboundEvent[]): Promise<Row[]> {
    return this.sql.rows<Row>(statements.insertEvents(events.length), statements.insertParams(events));
  }

  async claimDue({ now, limit, leaseOwner, leaseExpiresAt }: ClaimRequest): Promise<InboundEventRecord[]> {
    const em = this.em.fork();
    const rows = await this.sql.rows<Row>(statements.CLAIM_DUE, [
      leaseOwner,
      leaseExpiresAt.toISOString(),
      now.toISOString(),
      limit,
    ]);
    // RETURNING has no order; hand events out oldest due first, as they were picked.
    return rows
      .map((row) => this.fromEntity(em.map(IngestEvent, row)))
      .sort((a, b) => a.nextAttemptAt!.getTime() - b.nextAttemptAt!.getTime() || (a.id < b.id ? -1 : 1));
  }

  async complete(
    id: string,
    leaseOwner: string,
    work: (transaction: unknown, isolate: Isolate) => Promise<HandlingOutcome | void>,
    now: () => Date,
  ): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      const held = await this.sql.rows(statements.LOCK_IF_HELD, [id, leaseOwner], tx);
      if (held.length === 0) return false;
      // A savepoint per isolated piece: a failing handler's writes roll back, the others' commit.
      const isolate: Isolate = (inner) =>
        tx.transactional((savepoint) => inner(savepoint), { propagation: 'nested' });
      const outcome = await work(tx, isolate);
      if (outcome) {
        const handlers = JSON.stringify(toHandlerRows(outcome.handlers));
        await this.sql.run(statements.SET_HANDLER_STATE, [handlers, id], tx);
      }
      const at = now().toISOString();
      if (outcome?.failure) {
        const { error, retryAt } = outcome.failure;
        const status: InboundEventStatus = retryAt ? 'pending' : 'failed';
        const params = [
          status,
          retryAt?.toISOString() ?? null,
          statements.withoutNul(error),
          at,
          id,
          leaseOwner,
        ];
        await this.sql.run(statements.RECORD_FAILURE, params, tx);
      } else {
        await this.sql.run(statements.MARK_PROCESSED, [at, id], tx);
      }
      return true;
    });
  }

  async fail(
    id: string,
    leaseOwner: string,
    { error, retryAt, now }: { error: string; retryAt: Date | null; now: Date },
  ): Promise<void> {
    const status: InboundEventStatus = retryAt ? 'pending' : 'failed';
    const params = [
      status,
      retryAt?.toISOString() ?? null,
      statements.withoutNul(error),
      now.toISOString(),
      id,
      leaseOwner,
    ];
    await this.sql.run(statements.RECORD_FAILURE, params);
  }

  async findById(id: string): Promise<InboundEventRecord | null> {
    const entity = await this.em.fork().findOne(IngestEvent, { id });
    return entity ? this.fromEntity(entity) : null;
  }

  async list({
    workspace,
    source,
    type,
    status,
    before,
    limit,
  }: ListInboundEventsQuery): Promise<InboundEventRecord[]> {
    const where = {
      ...(workspace !== undefined ? { workspace } : {}),
      ...(source ? { source } : {}),
      ...(type ? { type } : {}),
      ...(status ? { status } : {}),
      ...(before ? { id: { $lt: before } } : {}),
    };
    const entities = await this.em.fork().find(IngestEvent, where, { orderBy: { id: 'desc' }, limit });
    return entities.map((entity) => this.fromEntity(entity));
  }

  async requeue(id: string, now: Date): Promise<RequeueOutcome> {
    const requeued = await this.sql.rows(statements.REQUEUE_FAILED, [now.toISOString(), id]);
    if (requeued.length > 0) return 'requeued';
    const current = await this.findById(id);
    return current ? { notRetryable: current.status } : 'not_found';
  }

  async replay(id: string, now: Date): Promise<ReplayOutcome> {
    const replayed = await this.sql.rows(statements.REPLAY, [now.toISOString(), id]);
    if (replayed.length > 0) return 'replayed';
    const current = await this.findById(id);
    return current ? { busy: current.status } : 'not_found';
  }

  async requeueRange({ workspace, source, since, until, now }: RequeueRangeQuery): Promise<number> {
    const where = {
      status: 'failed',
      receivedAt: { $gte: since, ...(until ? { $lt: until } : {}) },
      ...(workspace !== undefined ? { workspace } : {}),
      ...(source ? { source } : {}),
    };
    return this.em.fork().nativeUpdate(IngestEvent, where, {
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      updatedAt: now,
    });
  }

  async pruneBefore(cutoff: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.sql.rows(statements.PRUNE_FINISHED, [
        cutoff.toISOString(),
        PRUNE_BATCH_SIZE,
      ]);
      total += deleted.length;
      if (deleted.length < PRUNE_BATCH_SIZE) return total;
    }
  }

  private fromEntity(entity: InferEntity<typeof IngestEvent>): InboundEventRecord {
    return {
      id: entity.id,
      source: entity.source,
      sourceType: entity.sourceType ?? null,
      workspace: entity.workspace ?? null,
      type: entity.type,
      externalId: entity.externalId,
      payload: entity.payload,
      rawBody: entity.rawBody,
      headers: entity.headers,
      status: entity.status as InboundEventStatus,
      attempts: entity.attempts,
      nextAttemptAt: entity.nextAttemptAt ?? null,
      lastError: entity.lastError ?? null,
      handlers: fromHandlerRows(entity.handlers ?? {}),
      leaseOwner: entity.leaseOwner ?? null,
      leaseExpiresAt: entity.leaseExpiresAt ?? null,
      receivedAt: entity.receivedAt,
      processedAt: entity.processedAt ?? null,
      updatedAt: entity.updatedAt,
      traceContext: entity.traceContext ?? null,
    };
  }
}

function toHandlerRows(handlers: Record<string, HandlerState>): Record<string, HandlerStateRow> {
  return Object.fromEntries(
    Object.entries(handlers).map(([name, s]) => [
      name,
      { ...s, lastAttemptAt: s.lastAttemptAt.toISOString() },
    ]),
  );
}

function fromHandlerRows(rows: Record<string, HandlerStateRow>): Record<string, HandlerState> {
  return Object.fromEntries(
    Object.entries(rows).map(([name, s]) => [name, { ...s, lastAttemptAt: new Date(s.lastAttemptAt) }]),
  );
}
