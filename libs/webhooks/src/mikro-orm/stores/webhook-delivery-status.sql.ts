import { sql } from '@org/common/sql';
import type { EventDeliveryStatus } from '../../interfaces/event-delivery.interface.js';

// The delivery status of an (event, subscription) pair, derived at read time from the pair's attempt
// rows (nothing more is written per attempt), the same way as the in-memory store
// (in-memory-delivery-status.ts): the latest row (by creation, then id) decides, a redelivery starting
// over. Attempts are never older than their event, so a lower bound on `settled_at` prunes the history
// partitions before the event's day at run time (an hour before the event: instances' clocks may differ
// a little, and the partitions are days); within a partition the pair is found by
// `webhook_delivery_event_id`.

/**
 * The facts of pair (`<event>`, `<subscription>`) from its rows `x`, given the lower bound `<since>`
 * (the event's creation time; `-infinity` for a test event, which has none).
 */
function pairFacts(event: string, subscription: string, since: string): string {
  return `
  select (array_agg(x.status order by x.created_at desc, x.id desc))[1] as latest_status,
         (array_agg(x.attempt order by x.created_at desc, x.id desc))[1] as latest_attempt,
         (array_agg(x.next_attempt_at order by x.created_at desc, x.id desc))[1] as latest_next_at,
         count(*) filter (where x.status in ('success', 'failed'))::int as attempts,
         (array_agg(x.status order by x.attempted_at desc, x.id desc) filter (where x.status in ('success', 'failed')))[1]
           as last_made_status,
         max(x.attempted_at) filter (where x.status in ('success', 'failed')) as last_attempt_at,
         (array_agg(x.http_status order by x.attempted_at desc, x.id desc) filter (where x.status in ('success', 'failed')))[1]
           as last_http_status
  from webhook_delivery x
  where x.event_id = ${event} and x.subscription_id = ${subscription} and x.settled_at >= ${since} - interval '1 hour'`;
}

/** Events with a pending attempt. */
const WAITING_EVENTS = `d.event_id = any(array(select w.event_id from webhook_delivery w
  where w.status = 'pending' and w.settled_at = 'infinity'))`;

/** The pair's status from its facts `p` and its subscription `s` (left-joined: `s.id` null when purged). */
const STATUS = `case p.latest_status
    when 'success' then 'delivered'
    when 'failed' then 'failed'
    when 'cancelled' then 'cancelled'
    else case when s.id is null or s.deleted_at is not null then 'cancelled'
              when s.status = 'disabled' then 'failed'
              when p.last_made_status = 'failed' then 'retrying'
              else 'pending' end
  end`;

/**
 * For the delivery log (rows `d`): `left join lateral (…) p on true left join webhook_subscription s
 * on s.id = d.subscription_id`, and the status expression.
 */
export const LOG_PAIR_JOIN = `left join lateral (${pairFacts(
  'd.event_id',
  'd.subscription_id',
  `coalesce(d.event_created_at, '-infinity')`,
)}) p on true
left join webhook_subscription s on s.id = d.subscription_id`;

/** The delivery status of a log row's pair (with {@link LOG_PAIR_JOIN}). */
export const LOG_PAIR_STATUS = STATUS;

/**
 * Cheap conditions every log row with that delivery status meets, checked beside the exact status so
 * that a filter on a rare status reads the rows of few events instead of deriving the status of
 * every row of the history it scans: a waiting pair has a pending row (the small hot partition); a
 * cancelled one a deleted subscription (subscriptions are never removed, only marked). As id arrays,
 * so the planner probes `webhook_delivery_event_id` / `webhook_delivery_subscription_id` with them
 * (a join let it hash the whole history instead).
 */
export const LOG_PAIR_STATUS_NARROWING: Partial<Record<EventDeliveryStatus, string>> = {
  pending: WAITING_EVENTS,
  retrying: WAITING_EVENTS,
  cancelled: `d.subscription_id = any(array(select id from webhook_subscription where deleted_at is not null))`,
};

/** Where event $1 (created at $2; `-infinity` for a test event) stands with each subscription, scope $3. */
export const EVENT_DELIVERIES = sql(
  'webhooks_event_deliveries',
  `
select subscription_id, subscription_name, url, status, attempts, last_attempt_at, last_http_status,
       case when status in ('pending', 'retrying') then latest_next_at end as next_attempt_at,
       case when status = 'delivered' then latest_attempt end as delivered_attempt
from (
  select r.subscription_id, case when s.deleted_at is null then s.name end as subscription_name,
         case when s.deleted_at is null then s.url end as url, ${STATUS} as status, p.*
  from (select distinct subscription_id from webhook_delivery
        where event_id = $1 and settled_at >= $2::timestamptz - interval '1 hour' and ($3::text is null or workspace = $3)) r
  cross join lateral (${pairFacts('$1', 'r.subscription_id', '$2::timestamptz')}) p
  left join webhook_subscription s on s.id = r.subscription_id
) pair
order by subscription_id`,
  { prepared: true, retried: true },
);

/** The test delivery whose sample event is $1, in scope $2. */
export const FIND_TEST_DELIVERY = sql(
  'webhooks_find_test_delivery',
  `
select id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, http_status,
       error, response_body, duration_ms, attempted_at, created_at, test, url, request_headers, response_headers,
       error_class, retry_at, request_body
from webhook_delivery where event_id = $1 and test and ($2::text is null or workspace = $2)
order by id limit 1`,
  { prepared: true, retried: true },
);
