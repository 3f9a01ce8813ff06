import { sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { DeliveryQuery } from '../../storage/delivery-log.interface.js';
import { WEBHOOK_DISABLED_EVENT } from '../../webhooks.constants.js';
import { LOG_PAIR_JOIN, LOG_PAIR_STATUS, LOG_PAIR_STATUS_NARROWING } from './webhook-delivery-status.sql.js';

// The statements of the delivery ports MikroOrmDeliveryQueue, MikroOrmDeliveryLog and
// MikroOrmDeliveryActions (table webhook_delivery). Each is ONE statement (data-modifying CTEs), run as
// a named prepared statement on the driver's pool, so a batch costs one round trip and no re-planning.
// Times always come in as parameters (the injected Clock), never now(), so tests can move time.
// The table is partitioned on `settled_at` ('infinity' while pending): every statement on pending rows
// says `settled_at = 'infinity'`, a constant, so its plan holds the hot partition only (`status =
// 'pending'` alone cannot prune), whatever the size of the history beside it.

/** Pending rows: the hot partition. */
const PENDING = `status = 'pending' and settled_at = 'infinity'`;

/**
 * An escape jsonb refuses in a stored body: `\u0000`, or any UTF-16 surrogate escape (`\ud800`…`\udfff`),
 * after an even run of backslashes (an odd run would make it an escaped backslash and the letters
 * `u0000`). Publish refuses both, and JSON.stringify writes a surrogate as an escape only when it is
 * lone, but an older release stored such bodies as text: casting one to jsonb would fail the whole
 * fan-out statement, on every pass, holding every later event. PostgreSQL 15 has no
 * `pg_input_is_valid` (16+), and an exception handler would cost a subtransaction per event, so the
 * body is screened by this pattern instead (a well-formed escaped pair, which no publish writes, is
 * screened out with them).
 */
const JSONB_UNSAFE_ESCAPE = String.raw`(^|[^\\])(\\\\)*\\u(0000|[dD][89a-fA-F])`;

/** A subscription matches an event: same workspace, a pattern covering the type, not deleted, its filter. */
const MATCHES = `s.deleted_at is null and s.workspace is not distinct from e.workspace
  and s.event_types && webhooks_type_patterns(e.type) and ${filterMatches('e.type', 'e.payload')}`;

/**
 * A subscription's payload filter (its compiled `filter_path`, none: every event) holds for the event
 * whose type and stored body (`{"id", "event", "created_at", "data"}`) are given as SQL expressions.
 * `is true`: a predicate PostgreSQL judges unknown does not match (the compiler guards every type, so
 * none should be).
 */
function filterMatches(type: string, payload: string): string {
  return `(s.filter_path is null or jsonb_path_match(${filterDocument(type, payload)}, s.filter_path) is true)`;
}

/**
 * The document a filter is matched against: `{ "type": …, "data": … }`; null (so no filter matches,
 * while unfiltered subscriptions still get the event) for a body {@link JSONB_UNSAFE_ESCAPE} screens out.
 */
function filterDocument(type: string, payload: string): string {
  return `case when ${payload} ~ '${JSONB_UNSAFE_ESCAPE}' then null
    else jsonb_build_object('type', ${type}, 'data', ${payload}::jsonb -> 'data') end`;
}

/**
 * The random part of ids made in bulk: 16 Crockford base32 characters (hex digits are a subset)
 * appended to a `whd_` + 10-character time prefix computed once per statement by the caller (as
 * `newId` does). Measured at a tenth of the cost of calling `webhooks_new_id` per row, whose
 * PL/pgSQL loops dominated a fan-out of thousands of rows; 64 random bits per millisecond and
 * statement are plenty for uniqueness (the primary key would refuse a collision).
 */
const RANDOM_ID_SUFFIX = `upper(substr(md5(random()::text || clock_timestamp()::text), 1, 16))`;

/** Key of the advisory lock fan-out passes take in turn (any constant unique to this library). */
const FAN_OUT_LOCK_KEY = 72_160_909;

/**
 * Fan-out. $1 limit, $2 now, $3 id prefix (`whd_` + time part). Claims un-fanned events with SKIP LOCKED (a concurrently committing
 * event is simply claimed by a later pass, never skipped like with an id cursor), marks them, and
 * inserts a due attempt 1 for every matching subscription created no later than the event. Paused
 * and disabled subscriptions get their rows too: they hold them until re-enabled (except
 * `webhook.disabled`, which only active subscriptions receive).
 * Passes take turns under one transaction-level advisory lock, so each event's `sequence` (the
 * publish order FIFO subscriptions follow) is drawn in commit order: a pass sees every event an
 * earlier pass numbered as committed. Within a pass events are numbered by id.
 */
export const FAN_OUT = sql(
  'webhooks_fan_out',
  `
with fan_out_turn as materialized (
  select pg_advisory_xact_lock(${FAN_OUT_LOCK_KEY}) as taken
), claimed as (
  select id, created_at from webhook_event where fanned_out_at is null and (select count(*) from fan_out_turn) = 1
  order by id limit $1 for update skip locked
), numbered as (
  select id, nextval('webhook_event_sequence') as sequence from (select id from claimed order by id) c
), e as (
  -- The id array makes these primary-key lookups: joining the CTE alone, whose size the generic plan
  -- cannot estimate, hashed a sequential scan of the whole outbox into every pass.
  -- The lower bound prunes the day partitions of older events at run time.
  update webhook_event ev set fanned_out_at = $2::timestamptz, sequence = n.sequence from numbered n
  where ev.id = any(array(select id from claimed)) and ev.created_at >= (select min(created_at) from claimed)
    and ev.id = n.id
  returning ev.id, ev.workspace, ev.type, ev.created_at, ev.sequence, webhooks_type_patterns(ev.type) as patterns,
    -- What payload filters match, parsed once per event (only when some subscription has a filter).
    case when exists (select 1 from webhook_subscription f where f.filter_path is not null and f.deleted_at is null)
      then ${filterDocument('ev.type', 'ev.payload')} end as filter_doc
), inserted as (
  insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
                                event_created_at)
  select $3::text || ${RANDOM_ID_SUFFIX}, s.id, e.id, e.type, e.workspace, 1, 'pending', $2, $2, e.sequence, e.created_at
  from e join webhook_subscription s
    on s.deleted_at is null and s.workspace is not distinct from e.workspace and s.event_types && e.patterns and s.created_at <= e.created_at
    -- An operator event goes to active subscriptions only: never to the one just disabled.
    and (e.type <> '${WEBHOOK_DISABLED_EVENT}' or s.status = 'active')
    and (s.filter_path is null or jsonb_path_match(e.filter_doc, s.filter_path) is true)
  -- Event by event, so attempts due at the same moment interleave subscriptions in the queue.
  order by e.sequence, s.id
  returning 1
)
select (select count(*) from e)::int as events, (select count(*) from inserted)::int as deliveries`,
  { prepared: true, retried: true },
);

/**
 * Claim. $1 now, $2 limit, $3 worker id, $4 lease expiry, $5 subscriptions to skip (this worker has
 * no room for them), $6/$7 per-subscription room for partly busy ones, $8 room for the others, $9 how
 * many due rows to look at, $10 the current rate-limit slot (now, to the second).
 * Rows are locked while ranked, so another instance skips them; only those within each
 * subscription's room are leased (a fresh random token per row), the rest unlock at once.
 * - Unordered subscriptions: the scan reads the attempt table alone (held, FIFO, paused, disabled and
 *   deleted subscriptions come in as one array computed first), so it can walk the due index in
 *   order and stop at the limit instead of joining and sorting every due row.
 * - FIFO subscriptions: only the head of each queue (lowest `sequence`) is a candidate, and only when
 *   it is due and unleased: one in flight, and a head waiting for its retry holds the rest.
 * - Rate-limited or concurrency-limited subscriptions are locked (`caps`, in id order) so claims on
 *   every instance count against the same time slot and see each other's counts; in-flight requests
 *   are the leased rows.
 */
export const CLAIM = sql(
  'webhooks_claim',
  `
with unordered as (
  select d.id, d.subscription_id, d.next_attempt_at, d.lease_token is not null as recovered
  from webhook_delivery d
  where d.status = 'pending' and d.settled_at = 'infinity' and d.next_attempt_at <= $1
    and (d.lease_expires_at is null or d.lease_expires_at <= $1)
    and d.subscription_id <> all($5::text[])
    and d.subscription_id <> all(array(select id from webhook_subscription where deleted_at is null
                                       and (status <> 'active' or ordering = 'fifo' or held_until > $1)))
  order by d.next_attempt_at
  limit $9
  for update of d skip locked
), fifo as (
  select d.id, d.subscription_id, d.next_attempt_at, d.lease_token is not null as recovered
  from webhook_delivery d
  where d.id = any(array(
      select (select h.id from webhook_delivery h where h.subscription_id = s.id and h.${PENDING}
              order by h.sequence, h.id limit 1)
      from webhook_subscription s
      where s.deleted_at is null and s.status = 'active' and s.ordering = 'fifo'
        and (s.held_until is null or s.held_until <= $1) and s.id <> all($5::text[])))
    and d.${PENDING} and d.next_attempt_at <= $1 and (d.lease_expires_at is null or d.lease_expires_at <= $1)
  for update of d skip locked
), candidates as (
  select * from unordered union all select * from fifo
), caps as (
  select s.id,
         s.rate_limit - case when s.rate_slot >= $10::timestamptz then s.rate_slot_count else 0 end as rate_left,
         s.max_in_flight - (select count(*) from webhook_delivery l where l.subscription_id = s.id
                              and l.${PENDING} and l.lease_expires_at > $1)::int as flight_left
  from webhook_subscription s
  where s.id = any(array(select distinct subscription_id from candidates))
    and (s.rate_limit is not null or s.max_in_flight is not null)
  order by s.id
  for update of s
), ranked as (
  select c.id, c.subscription_id, c.next_attempt_at, c.recovered,
         row_number() over (partition by c.subscription_id order by c.next_attempt_at, c.id) as rank,
         least(coalesce(room.n, $8), coalesce(caps.rate_left, $8), coalesce(caps.flight_left, $8)) as room
  from candidates c
  left join unnest($6::text[], $7::int[]) as room(subscription_id, n) on room.subscription_id = c.subscription_id
  left join caps on caps.id = c.subscription_id
), chosen as (
  select id, subscription_id, recovered from ranked where rank <= room order by next_attempt_at, id limit $2
), counted as (
  update webhook_subscription s
  -- Never back to an older slot: a claim whose "now" was taken before it waited for this row lock
  -- counts in the newer slot another instance already opened (or it would reopen a spent second).
  set rate_slot = greatest(s.rate_slot, $10::timestamptz),
      rate_slot_count = case when s.rate_slot >= $10::timestamptz then s.rate_slot_count else 0 end + t.taken
  from (select subscription_id, count(*)::int as taken from chosen group by subscription_id) t
  where s.id = t.subscription_id and s.rate_limit is not null
)
update webhook_delivery d
set lease_token = $3::text || ':' || gen_random_uuid()::text, lease_expires_at = $4
from chosen c, webhook_subscription s, webhook_event e
-- The id array steers the planner to primary-key lookups: joining the CTE alone, whose size it cannot
-- estimate, made it hash the whole table (a sequential scan per claim, growing with the log).
-- The event's creation time prunes its join to one event partition at run time.
where d.id = any(array(select id from chosen)) and d.${PENDING} and d.id = c.id and s.id = d.subscription_id
  and e.id = d.event_id and e.created_at = d.event_created_at
returning d.id, d.lease_token, d.attempt, d.subscription_id, d.event_id, d.event_type, s.url, s.secrets, s.credentials, s.oauth2, s.tls, s.format, e.payload,
  c.recovered, e.trace_context, s.retry_schedule, s.timeout_ms, s.max_in_flight, s.backoff_level, s.ordering`,
  { prepared: true, retried: true },
);

/**
 * Record. One row per outcome in the unnest arrays ($1..$12, `ord` = completion order; $14..$20 the
 * attempt record and the endpoint's pressure), $13 the auto-disable threshold, $21 now (ISO text),
 * $22 the channel woken by a `webhook.disabled` event. Only attempts still pending under the same
 * lease token are updated (a stale worker whose lease was re-claimed changes nothing); next attempts
 * are inserted only for those (same `sequence`: a FIFO queue keeps its head); each touched
 * subscription gets, from the accepted outcomes only: failure_count reset by a success then increased
 * by the failures after the last success, last_delivered_at (to the second), the hold (latest of
 * Retry-After and back-off), the back-off level, and disabling with a reason at the threshold or at
 * once on 410 Gone. A subscription disabled here publishes `webhook.disabled` in its workspace, in
 * the same statement (it cannot be lost between the two).
 */
export const RECORD = recordStatement('webhooks_record', 'returning old');

/**
 * {@link RECORD} for servers before PostgreSQL 18, which cannot say `RETURNING old.*`: a subscription
 * that may be disabled by this batch (it has failures or a 410) and is still active is locked first
 * (`FOR NO KEY UPDATE`, the strength of the update itself, in id order), which reads its latest committed status and keeps it until commit, so
 * exactly one of two concurrent batches sees it go from active to disabled and publishes
 * `webhook.disabled`. The healthy path (no failure) locks nothing more than the 18 form does.
 */
export const RECORD_LOCKING = recordStatement('webhooks_record_locking', 'lock first');

/** The text of the record statement; the two forms differ only in how they learn the status before the update. */
function recordStatement(name: string, previousStatus: 'returning old' | 'lock first'): SqlStatement {
  const locking = previousStatus === 'lock first';
  return sql(
    name,
    `
with input as (
  select * from unnest($1::text[], $2::text[], $3::bool[], $4::int[], $5::text[], $6::text[], $7::int[],
                       $8::timestamptz[], $9::text[], $10::int[], $11::timestamptz[], $12::int[],
                       $14::text[], $15::jsonb[], $16::jsonb[], $17::text[], $18::timestamptz[], $19::bool[], $20::bool[])
    as t(id, lease_token, ok, http_status, error, response_body, duration_ms, attempted_at, next_id, next_attempt, next_at, ord,
         url, request_headers, response_headers, error_class, hold_until, backoff, gone)
), updated as (
  update webhook_delivery d
  set status = case when i.ok then 'success' else 'failed' end, http_status = i.http_status, error = i.error,
      response_body = i.response_body, duration_ms = i.duration_ms, attempted_at = i.attempted_at,
      lease_token = null, lease_expires_at = null, url = i.url, request_headers = i.request_headers,
      response_headers = i.response_headers, error_class = i.error_class, retry_at = i.next_at,
      -- Out of the hot partition: the row moves into the history partition of its attempt's day.
      settled_at = i.attempted_at
  from input i
  -- As in the claim: \`any($1)\` makes these primary-key lookups instead of a scan of the whole table.
  where d.id = any($1::text[]) and d.id = i.id and d.lease_token = i.lease_token and d.${PENDING}
  returning d.id, d.subscription_id, d.event_id, d.event_type, d.workspace, d.sequence, d.event_created_at
), scheduled as (
  insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
                                event_created_at)
  select i.next_id, u.subscription_id, u.event_id, u.event_type, u.workspace, i.next_attempt, 'pending', i.next_at, i.attempted_at, u.sequence,
         u.event_created_at
  from updated u join input i on i.id = u.id
  where i.next_id is not null
  returning 1
), accepted as (
  select u.subscription_id, i.ok, i.ord, i.error, i.attempted_at, i.hold_until, i.backoff, i.gone,
         max(i.ord) filter (where i.ok) over (partition by u.subscription_id) as last_ok_ord
  from updated u join input i on i.id = u.id
), per_subscription as (
  select subscription_id,
         bool_or(ok) as any_ok,
         max(attempted_at) filter (where ok) as last_ok_at,
         count(*) filter (where not ok and (last_ok_ord is null or ord > last_ok_ord))::int as failures,
         (array_agg(error order by ord desc) filter (where not ok))[1] as last_error,
         max(hold_until) as hold_until,
         coalesce(bool_or(backoff) filter (where last_ok_ord is null or ord > last_ok_ord), false) as backoff,
         bool_or(gone) as gone,
         (array_agg(error order by ord desc) filter (where gone))[1] as gone_error
  from accepted group by subscription_id
)${
      locking
        ? `, active_before as materialized (
  select s.id, s.status from webhook_subscription s join per_subscription c on c.subscription_id = s.id
  where (c.failures > 0 or c.gone) and s.status = 'active'
  order by s.id
  for no key update of s
)`
        : ''
    }, changed as (
  update webhook_subscription s
  -- Computed from s itself, not from the CTE's snapshot: a concurrent batch for the same subscription
  -- makes PostgreSQL re-read the row before this update, and its failures must add up.
  set failure_count = case when c.any_ok then c.failures else s.failure_count + c.failures end,
      last_delivered_at = greatest(s.last_delivered_at, c.last_ok_at),
      held_until = greatest(s.held_until, c.hold_until),
      backoff_level = case when c.backoff then (case when c.any_ok then 0 else s.backoff_level end) + 1
                           when c.any_ok then 0 else s.backoff_level end,
      status = case when s.status = 'active' and (c.gone or (case when c.any_ok then c.failures else s.failure_count + c.failures end) >= $13)
        then 'disabled' else s.status end,
      disabled_reason = case
        when s.status = 'active' and c.gone then 'Disabled at once: the endpoint answered 410 Gone (' || coalesce(c.gone_error, 'HTTP 410') || ')'
        when s.status = 'active' and (case when c.any_ok then c.failures else s.failure_count + c.failures end) >= $13
        then 'Disabled after ' || (case when c.any_ok then c.failures else s.failure_count + c.failures end)
             || ' consecutive failed attempts; last error: ' || coalesce(c.last_error, 'unknown')
        else s.disabled_reason end
  from per_subscription c${locking ? ' left join active_before b on b.id = c.subscription_id' : ''}
  where s.id = c.subscription_id
    -- A healthy subscription's row is written at most about once a second under load (the hot row of
    -- every batch otherwise): last_delivered_at is kept to the second.
    and (c.failures > 0 or s.failure_count <> 0 or s.backoff_level <> 0 or c.hold_until is not null or c.gone
         or s.last_delivered_at is null or c.last_ok_at >= s.last_delivered_at + interval '1 second')
  returning s.id, s.workspace, s.name, s.url, s.status, s.disabled_reason, ${locking ? 'b.status' : 'old.status'} as previous_status
), disabled as (
  select webhooks_new_id('evt') as event_id, workspace,
         json_build_object('subscription_id', id, 'name', name, 'url', url, 'reason', disabled_reason)::text as data
  from changed where status = 'disabled' and previous_status = 'active'
)
insert into webhook_event (id, workspace, type, payload, created_at)
select event_id, workspace, '${WEBHOOK_DISABLED_EVENT}',
       '{"id":' || to_json(event_id)::text || ',"event":"${WEBHOOK_DISABLED_EVENT}","created_at":' || to_json($21::text)::text
       || ',"data":' || data || '}',
       $21::timestamptz
from disabled
returning pg_notify($22, '')`,
    { prepared: true, retried: true },
  );
}

/** Release: $1 ids, $2 their lease tokens. */
export const RELEASE = sql(
  'webhooks_release',
  `
update webhook_delivery d set lease_token = null, lease_expires_at = null
from unnest($1::text[], $2::text[]) as r(id, lease_token)
where d.id = r.id and d.lease_token = r.lease_token and d.${PENDING}`,
  { retried: true },
);

/** The earliest time a pending attempt of an active subscription can be claimed (due, unleased, not held, a FIFO head). */
export const NEXT_DUE = sql(
  'webhooks_next_due',
  `
select min(greatest(d.next_attempt_at, coalesce(d.lease_expires_at, d.next_attempt_at), coalesce(d.held_until, d.next_attempt_at))) as at
from (
  select d.next_attempt_at, d.lease_expires_at, s.held_until
  from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
  where d.${PENDING} and s.status = 'active' and s.deleted_at is null
    -- Behind a FIFO head only the head counts: the rest wait for it, not for their own time.
    and (s.ordering <> 'fifo' or d.id = (select h.id from webhook_delivery h where h.subscription_id = s.id
                                         and h.${PENDING} order by h.sequence, h.id limit 1))
  order by d.next_attempt_at limit 1000
) d`,
  { prepared: true, retried: true },
);

/** Redelivery: $1 id, $2 subscription, $3 event, $4 scope (null: all), $5 now. */
export const REDELIVER = sql(
  'webhooks_redeliver',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
  event_created_at)
select $1, s.id, e.id, e.type, e.workspace, 1, 'pending', $5::timestamptz, $5::timestamptz, e.sequence, e.created_at
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
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
  event_created_at)
select webhooks_new_id('whd'), s.id, e.id, e.type, e.workspace, 1, 'pending', $3::timestamptz, $3::timestamptz, e.sequence, e.created_at
from webhook_event e
join webhook_subscription s on s.deleted_at is null and s.workspace is not distinct from e.workspace
  and s.id in (select d.subscription_id from webhook_delivery d where d.event_id = e.id and not d.test)
where e.id = $1 and ($2::text is null or e.workspace = $2)
order by s.id
returning id`,
);

/** A finished test delivery for the log: $1..$17 its columns (never pending, so never claimed). */
export const INSERT_TEST_DELIVERY = sql(
  'webhooks_insert_test_delivery',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at,
  http_status, error, response_body, duration_ms, attempted_at, created_at, test,
  url, request_headers, response_headers, error_class, settled_at, request_body)
values ($1, $2, $3, $4, $5, 1, $6, $7::timestamptz, $8, $9, $10, $11, $7::timestamptz, $12::timestamptz, true,
  $13, $14::jsonb, $15::jsonb, $16, $7::timestamptz, $17)`,
);

/**
 * Replay: attempt 1 now for every fanned-out event after $2 that subscription $1 matches (types and
 * filter), except
 * those already waiting for it. $3 scope, $4 now.
 */
export const REPLAY = sql(
  'webhooks_replay',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
  event_created_at)
select webhooks_new_id('whd'), s.id, e.id, e.type, e.workspace, 1, 'pending', $4::timestamptz, $4::timestamptz, e.sequence, e.created_at
from webhook_subscription s join webhook_event e on e.id > $2 and e.fanned_out_at is not null and ${MATCHES}
where s.id = $1 and s.deleted_at is null and ($3::text is null or s.workspace = $3)
  and not exists (select 1 from webhook_delivery p where p.event_id = e.id and p.subscription_id = s.id and p.${PENDING})
order by e.id`,
);

/**
 * Recover: attempt 1 now for every event of subscription $1 (scope $2) created in [$3, $4) that its
 * filter matches (as it is now) and whose latest attempt to it failed (none pending, none succeeded since), each once, in publish order. $5 now.
 */
export const RECOVER = sql(
  'webhooks_recover',
  `
insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, created_at, sequence,
  event_created_at)
select webhooks_new_id('whd'), s.id, e.id, e.type, e.workspace, 1, 'pending', $5::timestamptz, $5::timestamptz, e.sequence, e.created_at
from webhook_subscription s
join webhook_event e on e.workspace is not distinct from s.workspace and e.created_at >= $3::timestamptz and e.created_at < $4::timestamptz
where s.id = $1 and s.deleted_at is null and ($2::text is null or s.workspace = $2)
  and ${filterMatches('e.type', 'e.payload')}
  and (select d.status from webhook_delivery d where d.event_id = e.id and d.subscription_id = s.id and d.status <> 'cancelled'
       order by d.id desc limit 1) = 'failed'
order by e.sequence nulls last, e.id`,
);

/**
 * `analyze` of the queue (see PgQueueStatistics): the hot partition only, which is what the claim
 * plans against; the parent's would sample every history partition.
 */
export const ANALYZE = sql('webhooks_analyze', 'analyze webhook_delivery_pending', { retried: true });

/**
 * The delivery log query for the given filters, newest first (id descending). Time filters apply to
 * when an attempt was made, or for a pending one when it was scheduled, as the log shows it. Each row
 * carries its pair's delivery status, derived as it is read (one index probe per row shown, or per row
 * examined when filtering on it).
 */
export function listDeliveries(query: DeliveryQuery): { statement: SqlStatement; values: unknown[] } {
  const where: string[] = ["d.status <> 'cancelled'"];
  const params = new SqlParams();
  const param = (value: unknown): string => params.add(value);
  if (query.scope !== null) where.push(`d.workspace = ${param(query.scope)}`);
  if (query.subscriptionId !== undefined) where.push(`d.subscription_id = ${param(query.subscriptionId)}`);
  if (query.eventType !== undefined) where.push(`d.event_type = ${param(query.eventType)}`);
  if (query.status !== undefined) where.push(`d.status = ${param(query.status)}`);
  if (query.httpStatusClass !== undefined) {
    const low = query.httpStatusClass * 100;
    where.push(`d.http_status >= ${param(low)} and d.http_status < ${param(low + 100)}`);
  }
  if (query.since !== undefined)
    where.push(`coalesce(d.attempted_at, d.created_at) >= ${param(query.since)}`);
  if (query.until !== undefined) where.push(`coalesce(d.attempted_at, d.created_at) < ${param(query.until)}`);
  if (query.text !== undefined) {
    const pattern = param(`%${escapeLike(query.text)}%`);
    where.push(
      `(d.event_type ilike ${pattern} or d.event_id ilike ${pattern} or d.response_body ilike ${pattern} or d.error ilike ${pattern})`,
    );
  }
  if (query.before !== undefined) where.push(`d.id < ${param(query.before)}`);
  if (query.id !== undefined) where.push(`d.id = ${param(query.id)}`);
  if (query.deliveryStatus !== undefined) {
    const narrowing = LOG_PAIR_STATUS_NARROWING[query.deliveryStatus];
    if (narrowing !== undefined) where.push(narrowing);
    where.push(`${LOG_PAIR_STATUS} = ${param(query.deliveryStatus)}`);
  }
  const text = `select d.id, d.subscription_id, d.event_id, d.event_type, d.workspace, d.attempt, d.status, d.next_attempt_at,
             d.http_status, d.error, d.response_body, d.duration_ms, d.attempted_at, d.created_at, d.test, d.url,
             d.request_headers, d.response_headers, d.error_class, d.retry_at, ${LOG_PAIR_STATUS} as delivery_status
           from webhook_delivery d ${LOG_PAIR_JOIN}
           where ${where.join(' and ')} order by d.id desc limit ${param(query.limit)}`;
  // Not prepared: the text depends on the filters given.
  return { statement: sql('webhooks_list_deliveries', text, { retried: true }), values: params.values };
}

/** `text` as a literal inside an `ilike` pattern (whose default escape character is the backslash). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
