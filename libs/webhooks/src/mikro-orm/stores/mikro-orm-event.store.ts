import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { pgDate, SqlRunner } from '@org/common/sql';
import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type { EventListQuery, EventStore } from '../../storage/event-store.interface.js';
import type { TransactionContext } from '../../storage/transaction-context.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
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

/** {@link EventStore} on PostgreSQL (`webhook_event`, the outbox). */
export class MikroOrmEventStore implements EventStore {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async insertEvent(
    event: EventRecord,
    context?: TransactionContext,
  ): Promise<{ event: EventRecord; created: boolean }> {
    const within = context?.em === undefined ? undefined : toEntityManager(context.em);
    // The batch statements with one element: the same SQL as a group commit of many.
    const inserted = await this.sql.rows<EventRow>(
      INSERT_EVENTS,
      [
        [event.id],
        [event.workspace],
        [event.type],
        [event.payload],
        [event.idempotencyKey],
        [event.createdAt.toISOString()],
        [event.traceContext ?? null],
      ],
      within,
    );
    if (inserted[0]) {
      await this.sql.run(NOTIFY_PUBLISHED, [EVENT_PUBLISHED_CHANNEL], within);
      return { event: toEventRecord(inserted[0]), created: true };
    }
    const existing = await this.sql.rows<EventRow>(
      FIND_BY_IDEMPOTENCY_KEYS,
      [[event.workspace], [event.idempotencyKey]],
      within,
    );
    if (!existing[0])
      throw new Error(`Event with idempotency key ${event.idempotencyKey} conflicted but cannot be read`);
    return { event: toEventRecord(existing[0]), created: false };
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
