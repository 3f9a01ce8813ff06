import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { EventRecord } from '../../interfaces/webhook-event.interface.js';
import type { EventStore } from '../../storage/event-store.interface.js';
import type { TransactionContext } from '../../storage/transaction-context.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
import { isoParam, pgDate, runSql, runSqlIn } from '../pg-sql.js';

interface EventRow {
  id: string;
  workspace: string | null;
  type: string;
  payload: string;
  idempotency_key: string | null;
  created_at: unknown;
}

const COLUMNS = 'id, workspace, type, payload, idempotency_key, created_at';

/** {@link EventStore} on PostgreSQL (`webhook_event`, the outbox). */
export class MikroOrmEventStore implements EventStore {
  constructor(private readonly orm: MikroORM) {}

  async insertEvent(
    event: EventRecord,
    context?: TransactionContext,
  ): Promise<{ event: EventRecord; created: boolean }> {
    const em = context?.em === undefined ? this.orm.em : toEntityManager(context.em);
    // The NOTIFY runs in the same transaction as the insert, so dispatchers wake exactly when the
    // event becomes visible (on commit) and never for a rolled-back one. Per inserted row only: an
    // idempotent repeat wakes nobody.
    const inserted = await runSqlIn<EventRow>(
      em,
      `insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at)
       values (?, ?, ?, ?, ?, ?::timestamptz)
       on conflict (coalesce(workspace, ''), idempotency_key) where idempotency_key is not null do nothing
       returning ${COLUMNS}, pg_notify(?, '') as notified`,
      [
        event.id,
        event.workspace,
        event.type,
        event.payload,
        event.idempotencyKey,
        isoParam(event.createdAt),
        EVENT_PUBLISHED_CHANNEL,
      ],
    );
    if (inserted[0]) return { event: toEventRecord(inserted[0]), created: true };
    const existing = await runSqlIn<EventRow>(
      em,
      `select ${COLUMNS} from webhook_event where coalesce(workspace, '') = coalesce(?, '') and idempotency_key = ?`,
      [event.workspace, event.idempotencyKey],
    );
    if (!existing[0])
      throw new Error(`Event with idempotency key ${event.idempotencyKey} conflicted but cannot be read`);
    return { event: toEventRecord(existing[0]), created: false };
  }

  async findEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null> {
    const rows = await runSql<EventRow>(
      this.orm,
      `select ${COLUMNS} from webhook_event where id = ?${scope === null ? '' : ' and workspace = ?'}`,
      scope === null ? [id] : [id, scope],
    );
    return rows[0] ? toEventRecord(rows[0]) : null;
  }

  async listEvents(query: {
    scope: WorkspaceScope;
    type?: string;
    before?: string;
    limit: number;
  }): Promise<EventRecord[]> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    for (const [condition, value] of [
      ['workspace = ?', query.scope],
      ['type = ?', query.type],
      ['id < ?', query.before],
    ] as const) {
      if (value === null || value === undefined) continue;
      conditions.push(condition);
      params.push(value);
    }
    const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
    const rows = await runSql<EventRow>(
      this.orm,
      `select ${COLUMNS} from webhook_event ${where} order by id desc limit ?`,
      [...params, query.limit],
    );
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
