import { sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { EventListQuery } from '../../storage/event-store.interface.js';

// The statements of MikroOrmEventStore (table webhook_event, the outbox).

const COLUMNS = 'id, workspace, type, payload, idempotency_key, created_at';

/**
 * Inserts many events in one statement (group commit, batch publish, or one publish). $1 ids,
 * $2 workspaces, $3 types, $4 payloads, $5 idempotency keys, $6 created_at (timestamptz), $7 trace
 * contexts: parallel arrays, one element per event. A key already used in its workspace inserts
 * nothing (the caller reads the first event with {@link FIND_BY_IDEMPOTENCY_KEYS}); returns the
 * inserted rows only. No NOTIFY here: a NOTIFY inside the transaction takes PostgreSQL's global
 * notification lock at commit and serializes every publishing commit, so the store wakes
 * dispatchers after commit ({@link NOTIFY_PUBLISHED}, throttled), or inside a caller's transaction.
 */
export const INSERT_EVENTS = sql(
  'webhooks_insert_events',
  `insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at, trace_context)
   select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
   on conflict (coalesce(workspace, ''), idempotency_key) where idempotency_key is not null do nothing
   returning ${COLUMNS}`,
  { prepared: true },
);

/** The events stored earlier under idempotency keys: $1 workspaces, $2 keys (parallel arrays). */
export const FIND_BY_IDEMPOTENCY_KEYS = sql(
  'webhooks_find_events_by_idempotency_keys',
  `select e.id, e.workspace, e.type, e.payload, e.idempotency_key, e.created_at from webhook_event e
   join unnest($1::text[], $2::text[]) as k (workspace, idempotency_key)
     on coalesce(e.workspace, '') = coalesce(k.workspace, '') and e.idempotency_key = k.idempotency_key
   where e.idempotency_key is not null`,
  { prepared: true },
);

/**
 * Wakes every instance's dispatchers: $1 the channel, $2 the payload (the sending instance, so it can
 * skip its own wake-up, already delivered in-process; empty inside a caller's transaction, whose
 * commit this instance cannot see coming).
 */
export const NOTIFY_PUBLISHED = sql('webhooks_notify_published', `select pg_notify($1, $2)`);

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
