import { sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { EventListQuery } from '../../storage/event-store.interface.js';

// The statements of MikroOrmEventStore (table webhook_event, the outbox, partitioned by day of
// `created_at`; idempotency keys in webhook_event_key).

const COLUMNS = 'id, workspace, type, payload, idempotency_key, created_at';

/**
 * Insert of events, one row per element of the unnest arrays: $1 ids, $2 workspaces, $3 types, $4
 * payloads, $5 idempotency keys, $6 creation times, $7 `traceparent`s. Returns the rows it inserted;
 * an event whose idempotency key its workspace already used is not inserted (nor a second one of the
 * same key in the batch): read the first with {@link FIND_BY_IDEMPOTENCY_KEYS}. The key is claimed in
 * `webhook_event_key` (`webhook_event` is partitioned by time, so a unique index there could only
 * be unique within a day) in the same statement: a concurrent insert of the same key waits on it
 * and then inserts nothing, so exactly one event is stored per key. Wakes nobody: the caller does.
 */
export const INSERT_EVENTS = sql(
  'webhooks_insert_events',
  `with input as (
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])
       with ordinality as t(id, workspace, type, payload, idempotency_key, created_at, trace_context, ord)
   ), keyed as (
     insert into webhook_event_key (scope, idempotency_key, event_id, created_at)
     select coalesce(workspace, ''), idempotency_key, id, created_at from input where idempotency_key is not null
     order by ord
     on conflict do nothing
     returning event_id
   )
   insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at, trace_context)
   select id, workspace, type, payload, idempotency_key, created_at, trace_context from input
   where idempotency_key is null or id in (select event_id from keyed)
   order by ord
   returning ${COLUMNS}`,
  { prepared: true },
);

/**
 * The events stored earlier under idempotency keys: $1 workspaces, $2 keys (pairwise). The key's
 * creation time prunes the join to the event's partition at run time.
 */
export const FIND_BY_IDEMPOTENCY_KEYS = sql(
  'webhooks_find_events_by_idempotency_keys',
  `select e.id, e.workspace, e.type, e.payload, e.idempotency_key, e.created_at
   from unnest($1::text[], $2::text[]) as q(workspace, idempotency_key)
   join webhook_event_key k on k.scope = coalesce(q.workspace, '') and k.idempotency_key = q.idempotency_key
   join webhook_event e on e.id = k.event_id and e.created_at = k.created_at`,
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
