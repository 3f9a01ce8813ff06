import { sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { DeliveryQuery } from '../../storage/delivery-store.interface.js';

// The statements of MikroOrmDeliveryStore (table webhook_delivery). Each is ONE statement (data-modifying CTEs), run as a
// named prepared statement on the driver's pool, so a batch costs one round trip and no re-planning.
// Times always come in as parameters (the injected Clock), never now(), so tests can move time.

/** A subscription matches an event: same workspace, a pattern covering the type, not deleted. */
const MATCHES = `s.deleted_at is null and s.workspace is not distinct from e.workspace
  and s.event_types && webhooks_type_patterns(e.type)`;

/**
 * The random part of ids made in bulk: 16 Crockford base32 characters (hex digits are a subset)
 * appended to a `whd_` + 10-character time prefix computed once per statement by the caller (as
 * `newId` does). Measured at a tenth of the cost of calling `webhooks_new_id` per row, whose
 * PL/pgSQL loops dominated a fan-out of thousands of rows; 64 random bits per millisecond and
 * statement are plenty for uniqueness (the primary key would refuse a collision).
 */
const RANDOM_ID_SUFFIX = `upper(substr(md5(random()::text || clock_timestamp()::text), 1, 16))`;

/**
 * Fan-out. $1 limit, $2 now, $3 id prefix (`whd_` + time part). Claims un-fanned events with SKIP LOCKED (a concurrently committing
 * event is simply claimed by a later pass, never skipped like with an id cursor), marks them, and
 * inserts a due attempt 1 for every matching subscription created no later than the event. Paused
 * and disabled subscriptions get their rows too: they hold them until re-enabled.
 */
export const FAN_OUT = sql(
  'webhooks_fan_out',
  `
with claimed as (
  select id from webhook_event where fanned_out_at is null order by id limit $1 for update skip locked
), e as (
  update webhook_event ev set fanned_out_at = $2::timestamptz from claimed c where ev.id = c.id
  returning ev.id, ev.workspace, ev.type, ev.created_at, webhooks_type_patterns(ev.type) as patterns
), inserted as (
  insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at)
  select $3::text || ${RANDOM_ID_SUFFIX}, s.id, e.id, e.type, e.workspace, 1, 'pending', $2, $2
  from e join webhook_subscription s
    on s.deleted_at is null and s.workspace is not distinct from e.workspace and s.event_types && e.patterns and s.created_at <= e.created_at
  -- Event by event, so attempts due at the same moment interleave subscriptions in the queue.
  order by e.id, s.id
  returning 1
)
select (select count(*) from e)::int as events, (select count(*) from inserted)::int as deliveries`,
  { prepared: true, retried: true },
);

/**
 * Claim. $1 now, $2 limit, $3 worker id, $4 lease expiry, $5 subscriptions to skip (this worker has
 * no room for them), $6/$7 per-subscription room for partly busy ones, $8 room for the others, $9 how
 * many due rows to look at. Rows are locked while ranked, so another instance skips them; only those
 * within each subscription's room are leased (a fresh random token per row), the rest unlock at once.
 * The scan reads the attempt table alone (paused, disabled and deleted subscriptions come in as one
 * array computed first), so it can walk the due index in order and stop at the limit instead of
 * joining and sorting every due row.
 */
export const CLAIM = sql(
  'webhooks_claim',
  `
with candidates as (
  select d.id, d.subscription_id, d.next_attempt_at, d.lease_token is not null as recovered
  from webhook_delivery d
  where d.status = 'pending' and d.next_attempt_at <= $1
    and (d.lease_expires_at is null or d.lease_expires_at <= $1)
    and d.subscription_id <> all($5::text[])
    and d.subscription_id <> all(array(select id from webhook_subscription where deleted_at is null and status <> 'active'))
  order by d.next_attempt_at
  limit $9
  for update of d skip locked
), ranked as (
  select c.id, c.next_attempt_at, c.recovered,
         row_number() over (partition by c.subscription_id order by c.next_attempt_at, c.id) as rank,
         coalesce(room.n, $8) as room
  from candidates c left join unnest($6::text[], $7::int[]) as room(subscription_id, n) on room.subscription_id = c.subscription_id
), chosen as (
  select id, recovered from ranked where rank <= room order by next_attempt_at, id limit $2
)
update webhook_delivery d
set lease_token = $3::text || ':' || gen_random_uuid()::text, lease_expires_at = $4
from chosen c, webhook_subscription s, webhook_event e
-- The id array steers the planner to primary-key lookups: joining the CTE alone, whose size it cannot
-- estimate, made it hash the whole table (a sequential scan per claim, growing with the log).
where d.id = any(array(select id from chosen)) and d.id = c.id and s.id = d.subscription_id and e.id = d.event_id
returning d.id, d.lease_token, d.attempt, d.subscription_id, d.event_id, d.event_type, s.url, s.secrets, s.format, e.payload, c.recovered, e.trace_context`,
  { prepared: true, retried: true },
);

/**
 * Record. One row per outcome in the unnest arrays ($1..$12, `ord` = completion order), $13 the
 * auto-disable threshold. Only attempts still pending under the same lease token are updated (a
 * stale worker whose lease was re-claimed changes nothing); next attempts are inserted only for
 * those; each touched subscription gets, from the accepted outcomes only: failure_count reset by a
 * success then increased by the failures after the last success, last_delivered_at (to the second),
 * and disabling with a reason at the threshold.
 */
export const RECORD = sql(
  'webhooks_record',
  `
with input as (
  select * from unnest($1::text[], $2::text[], $3::bool[], $4::int[], $5::text[], $6::text[], $7::int[],
                       $8::timestamptz[], $9::text[], $10::int[], $11::timestamptz[], $12::int[])
    as t(id, lease_token, ok, http_status, error, response_body, duration_ms, attempted_at, next_id, next_attempt, next_at, ord)
), updated as (
  update webhook_delivery d
  set status = case when i.ok then 'success' else 'failed' end, http_status = i.http_status, error = i.error,
      response_body = i.response_body, duration_ms = i.duration_ms, attempted_at = i.attempted_at,
      lease_token = null, lease_expires_at = null
  from input i
  -- As in the claim: \`any($1)\` makes these primary-key lookups instead of a scan of the whole table.
  where d.id = any($1::text[]) and d.id = i.id and d.lease_token = i.lease_token and d.status = 'pending'
  returning d.id, d.subscription_id, d.event_id, d.event_type, d.workspace
), scheduled as (
  insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at)
  select i.next_id, u.subscription_id, u.event_id, u.event_type, u.workspace, i.next_attempt, 'pending', i.next_at, i.attempted_at
  from updated u join input i on i.id = u.id
  where i.next_id is not null
  returning 1
), accepted as (
  select u.subscription_id, i.ok, i.ord, i.error, i.attempted_at,
         max(i.ord) filter (where i.ok) over (partition by u.subscription_id) as last_ok_ord
  from updated u join input i on i.id = u.id
), per_subscription as (
  select subscription_id,
         bool_or(ok) as any_ok,
         max(attempted_at) filter (where ok) as last_ok_at,
         count(*) filter (where not ok and (last_ok_ord is null or ord > last_ok_ord))::int as failures,
         (array_agg(error order by ord desc) filter (where not ok))[1] as last_error
  from accepted group by subscription_id
)
update webhook_subscription s
-- Computed from s itself, not from the CTE's snapshot: a concurrent batch for the same subscription
-- makes PostgreSQL re-read the row before this update, and its failures must add up.
set failure_count = case when c.any_ok then c.failures else s.failure_count + c.failures end,
    last_delivered_at = greatest(s.last_delivered_at, c.last_ok_at),
    status = case when s.status = 'active' and (case when c.any_ok then c.failures else s.failure_count + c.failures end) >= $13
      then 'disabled' else s.status end,
    disabled_reason = case when s.status = 'active' and (case when c.any_ok then c.failures else s.failure_count + c.failures end) >= $13
      then 'Disabled after ' || (case when c.any_ok then c.failures else s.failure_count + c.failures end)
           || ' consecutive failed attempts; last error: ' || coalesce(c.last_error, 'unknown')
      else s.disabled_reason end
from per_subscription c
where s.id = c.subscription_id
  -- A healthy subscription's row is written at most about once a second under load (the hot row of
  -- every batch otherwise): last_delivered_at is kept to the second.
  and (c.failures > 0 or s.failure_count <> 0 or s.last_delivered_at is null or c.last_ok_at >= s.last_delivered_at + interval '1 second')`,
  { prepared: true, retried: true },
);

/** Release: $1 ids, $2 their lease tokens. */
export const RELEASE = sql(
  'webhooks_release',
  `
update webhook_delivery d set lease_token = null, lease_expires_at = null
from unnest($1::text[], $2::text[]) as r(id, lease_token)
where d.id = r.id and d.lease_token = r.lease_token and d.status = 'pending'`,
  { retried: true },
);

/** The earliest time a pending attempt of an active subscription can be claimed (due and unleased). */
export const NEXT_DUE = sql(
  'webhooks_next_due',
  `
select min(greatest(d.next_attempt_at, coalesce(d.lease_expires_at, d.next_attempt_at))) as at
from (
  select d.next_attempt_at, d.lease_expires_at
  from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
  where d.status = 'pending' and s.status = 'active' and s.deleted_at is null
  order by d.next_attempt_at limit 1000
) d`,
  { prepared: true, retried: true },
);

/** Redelivery: $1 id, $2 subscription, $3 event, $4 scope (null: all), $5 now. */
export const REDELIVER = sql(
  'webhooks_redeliver',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at)
select $1, s.id, e.id, e.type, e.workspace, 1, 'pending', $5::timestamptz, $5::timestamptz
from webhook_subscription s join webhook_event e on e.id = $3 and e.workspace is not distinct from s.workspace
where s.id = $2 and s.deleted_at is null and ($4::text is null or s.workspace = $4)`,
);

/**
 * Redelivery of an event to everyone who received it: $1 event, $2 scope (null: all), $3 now. A fresh
 * attempt 1 for each subscription (not deleted, same workspace) with a non-test attempt of it.
 */
export const REDELIVER_TO_RECIPIENTS = sql(
  'webhooks_redeliver_to_recipients',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at)
select webhooks_new_id('whd'), s.id, e.id, e.type, e.workspace, 1, 'pending', $3::timestamptz, $3::timestamptz
from webhook_event e
join webhook_subscription s on s.deleted_at is null and s.workspace is not distinct from e.workspace
  and s.id in (select d.subscription_id from webhook_delivery d where d.event_id = e.id and not d.test)
where e.id = $1 and ($2::text is null or e.workspace = $2)
order by s.id
returning id`,
);

/** A finished test delivery for the log: $1..$12 its columns (never pending, so never claimed). */
export const INSERT_TEST_DELIVERY = sql(
  'webhooks_insert_test_delivery',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at,
  http_status, error, response_body, duration_ms, attempted_at, created_at, test)
values ($1, $2, $3, $4, $5, 1, $6, $7::timestamptz, $8, $9, $10, $11, $7::timestamptz, $12::timestamptz, true)`,
);

/**
 * Replay: attempt 1 now for every fanned-out event after $2 that subscription $1 matches, except
 * those already waiting for it. $3 scope, $4 now.
 */
export const REPLAY = sql(
  'webhooks_replay',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at)
select webhooks_new_id('whd'), s.id, e.id, e.type, e.workspace, 1, 'pending', $4::timestamptz, $4::timestamptz
from webhook_subscription s join webhook_event e on e.id > $2 and e.fanned_out_at is not null and ${MATCHES}
where s.id = $1 and s.deleted_at is null and ($3::text is null or s.workspace = $3)
  and not exists (select 1 from webhook_delivery p where p.event_id = e.id and p.subscription_id = s.id and p.status = 'pending')
order by e.id`,
);

/**
 * Retention: finished attempts older than $1, then fanned-out events older than $1 that have no
 * attempt left (deleting one with attempts would cascade into the log or the queue).
 */
export const PRUNE = sql(
  'webhooks_prune',
  `
with attempts as (
  delete from webhook_delivery where status <> 'pending' and coalesce(attempted_at, created_at) < $1 returning 1
), events as (
  delete from webhook_event e where e.fanned_out_at is not null and e.created_at < $1
    and not exists (select 1 from webhook_delivery d where d.event_id = e.id
                    and (d.status = 'pending' or coalesce(d.attempted_at, d.created_at) >= $1))
  returning 1
)
select (select count(*) from attempts)::int + (select count(*) from events)::int as removed`,
  { retried: true },
);

/** `analyze` of the queue tables (see MikroOrmQueueStatistics). */
export const ANALYZE = sql('webhooks_analyze', 'analyze webhook_delivery, webhook_event', { retried: true });

/**
 * The delivery log query for the given filters, newest first (id descending). Time filters apply to
 * when an attempt was made, or for a pending one when it was scheduled, as the log shows it.
 */
export function listDeliveries(query: DeliveryQuery): { statement: SqlStatement; values: unknown[] } {
  const where: string[] = ["status <> 'cancelled'"];
  const params = new SqlParams();
  const param = (value: unknown): string => params.add(value);
  if (query.scope !== null) where.push(`workspace = ${param(query.scope)}`);
  if (query.subscriptionId !== undefined) where.push(`subscription_id = ${param(query.subscriptionId)}`);
  if (query.eventType !== undefined) where.push(`event_type = ${param(query.eventType)}`);
  if (query.status !== undefined) where.push(`status = ${param(query.status)}`);
  if (query.httpStatusClass !== undefined) {
    const low = query.httpStatusClass * 100;
    where.push(`http_status >= ${param(low)} and http_status < ${param(low + 100)}`);
  }
  if (query.since !== undefined) where.push(`coalesce(attempted_at, created_at) >= ${param(query.since)}`);
  if (query.until !== undefined) where.push(`coalesce(attempted_at, created_at) < ${param(query.until)}`);
  if (query.text !== undefined) {
    const pattern = param(`%${escapeLike(query.text)}%`);
    where.push(
      `(event_type ilike ${pattern} or event_id ilike ${pattern} or response_body ilike ${pattern} or error ilike ${pattern})`,
    );
  }
  if (query.before !== undefined) where.push(`id < ${param(query.before)}`);
  const text = `select id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, http_status,
             error, response_body, duration_ms, attempted_at, created_at, test
           from webhook_delivery where ${where.join(' and ')} order by id desc limit ${param(query.limit)}`;
  // Not prepared: the text depends on the filters given.
  return { statement: sql('webhooks_list_deliveries', text, { retried: true }), values: params.values };
}

/** `text` as a literal inside an `ilike` pattern (whose default escape character is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
