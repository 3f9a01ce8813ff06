import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { pgDate, SqlRunner, type SqlTransactionRows } from '@org/common/sql';
import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type {
  EventListQuery,
  EventStore,
  InsertedEvent,
  InsertEventsOptions,
} from '../../storage/event-store.interface.js';
import type { TransactionContext } from '../../storage/transaction-context.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { IdempotentBatch } from '../../storage/idempotent-batch.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
import { PublishWakeUp } from '../publish.wake-up.js';
import {
  FIND_BY_IDEMPOTENCY_KEYS,
  FIND_EVENT,
  INSERT_EVENTS,
  listEvents,
  NOTIFY_PUBLISHED,
} from './webhook-event.sql.js';

interface EventRow {
  id: string;
  workspace: string | null;
  type: string;
  payload: string;
  idempotency_key: string | null;
  created_at: unknown;
}

/**
 * {@link EventStore} on PostgreSQL (`webhook_event`, the outbox). Outside a caller's transaction a
 * call is one autocommitted multi-row insert (or, with `beforeCommit`, a transaction of its own), and
 * its wake-up is sent after commit through {@link PublishWakeUp}; inside one, the NOTIFY joins the
 * caller's transaction, since only its commit makes the events visible and this store cannot see
 * that commit coming.
 */
export class MikroOrmEventStore implements EventStore {
  private readonly sql: SqlRunner;
  private readonly wakeUp: PublishWakeUp;

  constructor(orm: MikroORM, wakeUp?: PublishWakeUp) {
    this.sql = new SqlRunner(orm.em);
    this.wakeUp = wakeUp ?? new PublishWakeUp(this.sql);
  }

  async insertEvents(
    records: readonly EventRecord[],
    context?: TransactionContext,
    options: InsertEventsOptions = {},
  ): Promise<InsertedEvent[]> {
    if (records.length === 0) return [];
    const within = context?.em === undefined ? undefined : toEntityManager(context.em);
    const batch = new IdempotentBatch(records);
    let results: InsertedEvent[];
    if (within !== undefined) {
      const rows: SqlTransactionRows = (statement, values) => this.sql.rows(statement, values, within);
      results = await this.store(batch, rows, options);
      if (results.some((result) => result.created))
        await this.sql.run(NOTIFY_PUBLISHED, [EVENT_PUBLISHED_CHANNEL, ''], within);
      return results;
    }
    if (options.beforeCommit === undefined) {
      results = await this.store(batch, (statement, values) => this.sql.rows(statement, values), options);
    } else {
      results = await this.sql.transaction((rows) => this.store(batch, rows, options));
    }
    if (results.some((result) => result.created)) this.wakeUp.published();
    return results;
  }

  private async store(
    batch: IdempotentBatch,
    rows: SqlTransactionRows,
    options: InsertEventsOptions,
  ): Promise<InsertedEvent[]> {
    const unique = batch.unique;
    const inserted = await rows<EventRow>(INSERT_EVENTS, [
      unique.map((e) => e.id),
      unique.map((e) => e.workspace),
      unique.map((e) => e.type),
      unique.map((e) => e.payload),
      unique.map((e) => e.idempotencyKey),
      unique.map((e) => e.createdAt.toISOString()),
      unique.map((e) => e.traceContext ?? null),
    ]);
    const created = new Set(inserted.map((row) => row.id));
    const conflicted = unique.filter((e) => !created.has(e.id));
    const earlier =
      conflicted.length === 0
        ? []
        : await rows<EventRow>(FIND_BY_IDEMPOTENCY_KEYS, [
            conflicted.map((e) => e.workspace),
            conflicted.map((e) => e.idempotencyKey),
          ]);
    const results = batch.resolve(inserted.map(toEventRecord), earlier.map(toEventRecord));
    options.beforeCommit?.(results);
    return results;
  }

  async findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null> {
    const rows = await this.sql.rows<EventRow>(FIND_EVENT, [id, scope]);
    return rows[0] ? toEventRecord(rows[0]) : null;
  }

  async listEvents(query: EventListQuery): Promise<EventRecord[]> {
    const { statement, values } = listEvents(query);
    const rows = await this.sql.rows<EventRow>(statement, values);
    return rows.map(toEventRecord);
  }
}

function toEventRecord(row: EventRow): EventRecord {
  return {
    id: row.id,
    workspace: row.workspace,
    type: row.type,
    payload: row.payload,
    idempotencyKey: row.idempotency_key,
    createdAt: pgDate(row.created_at),
  };
}

/**
 * The caller's `EntityManager`, checked structurally: the core types it as `unknown` so that it does
 * not depend on MikroORM.
 * @throws TypeError when `em` is not a MikroORM SQL EntityManager.
 */
function toEntityManager(em: unknown): EntityManager {
  const candidate = em as Partial<EntityManager> | null;
  if (
    !candidate ||
    typeof candidate.getConnection !== 'function' ||
    typeof candidate.getTransactionContext !== 'function'
  ) {
    throw new TypeError('publish({ em }) needs the MikroORM EntityManager of the running transaction');
  }
  return em as EntityManager;
}
