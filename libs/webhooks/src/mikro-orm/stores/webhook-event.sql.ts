import { sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { EventListQuery } from '../../storage/event-store.interface.js';

// The statements of MikroOrmEventStore (table webhook_event, the outbox).

const COLUMNS = 'id, workspace, type, payload, idempotency_key, created_at';

/**
 * Insert. $1..$6 the event, $7 the channel to notify, $8 the publish's `traceparent`. The NOTIFY runs in the same transaction as the
 * insert, so dispatchers wake exactly when the event becomes visible (on commit) and never for a
 * rolled-back one; per inserted row only, so an idempotent repeat wakes nobody.
 */
export const INSERT_EVENT = sql(
  'webhooks_insert_event',
  `insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at, trace_context)
   values ($1, $2, $3, $4, $5, $6::timestamptz, $8)
   on conflict (coalesce(workspace, ''), idempotency_key) where idempotency_key is not null do nothing
   returning ${COLUMNS}, pg_notify($7, '') as notified`,
);

/** The event stored earlier under an idempotency key: $1 workspace, $2 key. */
export const FIND_BY_IDEMPOTENCY_KEY = sql(
  'webhooks_find_event_by_idempotency_key',
  `select ${COLUMNS} from webhook_event where coalesce(workspace, '') = coalesce($1, '') and idempotency_key = $2`,
);

/** An event by $1 id, in $2 workspace unless $2 is null (the unscoped caller sees all). */
export const FIND_EVENT = sql(
  'webhooks_find_event',
  `select ${COLUMNS} from webhook_event where id = $1 and ($2::text is null or workspace = $2)`,
);

/** Events for the given filters, newest first. */
export function listEvents(query: EventListQuery): { statement: SqlStatement; values: unknown[] } {
  const params = new SqlParams();
  const where: string[] = [];
  if (query.scope !== null) where.push(`workspace = ${params.add(query.scope)}`);
  if (query.type != null) where.push(`type = ${params.add(query.type)}`);
  if (query.before != null) where.push(`id < ${params.add(query.before)}`);
  const text = `select ${COLUMNS} from webhook_event ${where.length ? `where ${where.join(' and ')}` : ''}
    order by id desc limit ${params.add(query.limit)}`;
  return { statement: sql('webhooks_list_events', text), values: params.values };
}
