import { sql } from '@org/common/sql';

// The statements of PgPartitionMaintenance: the day partitions of webhook_delivery (on `settled_at`)
// and webhook_event (on `created_at`), through the functions of the partitioned-history migration.

/** Makes the day partition $3 (a date) of $1 (partitioned on column $2) unless it exists. */
export const ATTACH_DAY_PARTITION = sql(
  'webhooks_attach_day_partition',
  `select webhooks_attach_day_partition($1::regclass, $2, $3::date) as created`,
);

/** Drops the day partition $2 of $1 unless it must stay ($3: retention keeps rows from then on); `kept` says why. */
export const DROP_DAY_PARTITION = sql(
  'webhooks_drop_day_partition',
  `select webhooks_drop_day_partition($1::regclass, $2::date, $3::timestamptz) as kept`,
);

/** Why the day partition $2 of $1 must stay (`null`: it may go), $3 as in {@link DROP_DAY_PARTITION}; takes no lock. */
export const DAY_PARTITION_KEPT_BY = sql(
  'webhooks_day_partition_kept_by',
  `select webhooks_day_partition_kept_by($1::regclass, $2::date, $3::timestamptz) as kept`,
);

/** The day partitions of both tables, oldest first: parent and day (`YYYY-MM-DD`). */
export const DAY_PARTITIONS = sql(
  'webhooks_day_partitions',
  `select p.relname as parent, to_char(to_date(right(c.relname, 8), 'YYYYMMDD'), 'YYYY-MM-DD') as day
   from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
   where i.inhparent in ('webhook_delivery'::regclass, 'webhook_event'::regclass) and c.relname ~ '_p[0-9]{8}$'
   order by day, p.relname`,
);

/** The days of the rows waiting in the default partitions (maintenance was behind, or the clock moved). */
export const DEFAULT_PARTITION_DAYS = sql(
  'webhooks_default_partition_days',
  `select distinct 'webhook_delivery' as parent, 'settled_at' as key, to_char(settled_at at time zone 'UTC', 'YYYY-MM-DD') as day
     from webhook_delivery_default
   union
   select distinct 'webhook_event', 'created_at', to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')
     from webhook_event_default`,
);

/**
 * One bounded batch of the idempotency keys of events created in [$1, $2), at most $3: keys leave
 * with their events, in batches so no statement holds many row locks or a long transaction.
 */
export const DELETE_EVENT_KEYS = sql(
  'webhooks_delete_event_keys',
  `delete from webhook_event_key where ctid = any(array(
     select ctid from webhook_event_key where created_at >= $1::timestamptz and created_at < $2::timestamptz limit $3))`,
  { retried: true },
);
