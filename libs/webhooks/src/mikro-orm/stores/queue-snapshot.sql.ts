import { sql } from '@org/common/sql';

// The metrics scrape's read (tables webhook_delivery and webhook_subscription), in its own module so
// the delivery statements stay the engine's.

/**
 * Snapshot as of $1 now: pending attempts of active subscriptions (the due index, `status =
 * 'pending'` on the hot partition, answers the count and the minimum), the earliest due one, and subscriptions per status.
 * One round trip per scrape, whatever the number of instances.
 */
export const QUEUE_SNAPSHOT = sql(
  'webhooks_queue_snapshot',
  `
with held as (
  select array(select id from webhook_subscription where deleted_at is null and status <> 'active') as ids
), pending as (
  select count(*)::int as pending, min(d.next_attempt_at) filter (where d.next_attempt_at <= $1) as oldest_due_at
  from webhook_delivery d, held
  where d.status = 'pending' and d.settled_at = 'infinity' and d.subscription_id <> all(held.ids)
)
select pending.pending, pending.oldest_due_at,
  (select coalesce(json_object_agg(status, n), '{}'::json)
     from (select status, count(*)::int as n from webhook_subscription where deleted_at is null group by status) s
  ) as subscriptions
from pending`,
  { prepared: true },
);
