import { Migration } from '@mikro-orm/migrations';
import {
  ATTACH_DAY_PARTITION_FUNCTION,
  DAY_PARTITION_KEPT_BY_FUNCTION,
  DROP_DAY_PARTITION_FUNCTION,
} from './partition-functions.sql.js';

/**
 * Today and the next 3 days (UTC, the database's clock), made with the tables: an app started right
 * after the migration writes into its days from the first publish, before its maintenance has run,
 * instead of into the default partitions (whose rows the maintenance would then have to move).
 */
const AHEAD_DAYS = `select (now() at time zone 'UTC')::date + ahead from generate_series(0, 3) ahead`;

/** The columns both shapes of `webhook_event` share, in the table's order. */
const EVENT_COLUMNS =
  'id, workspace, type, payload, idempotency_key, created_at, fanned_out_at, sequence, trace_context';

/** The column definitions both shapes of `webhook_event` share, as the earlier migrations made them. */
const EVENT_DEFINITION = `
        id text not null,
        workspace text,
        type text not null,
        payload text not null,
        idempotency_key text,
        created_at timestamptz not null,
        fanned_out_at timestamptz,
        sequence bigint,
        trace_context text`;

/** The column definitions both shapes of `webhook_delivery` share, as the earlier migrations made them. */
const DELIVERY_DEFINITION = `
        id text not null,
        subscription_id text not null,
        event_id text not null,
        event_type text not null,
        workspace text,
        attempt integer not null,
        status text not null check (status in ('pending', 'success', 'failed', 'cancelled')),
        next_attempt_at timestamptz not null,
        lease_token text,
        lease_expires_at timestamptz,
        http_status integer,
        error text,
        response_body text,
        duration_ms integer,
        attempted_at timestamptz,
        created_at timestamptz not null,
        test boolean not null default false,
        sequence bigint,
        url text,
        request_headers jsonb,
        response_headers jsonb,
        error_class text,
        retry_at timestamptz`;

/** The columns both shapes of `webhook_delivery` share, in the table's order. */
const DELIVERY_COLUMNS = `id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at,
  lease_token, lease_expires_at, http_status, error, response_body, duration_ms, attempted_at, created_at, test,
  sequence, url, request_headers, response_headers, error_class, retry_at`;

/**
 * History in time partitions (issue 10: cost flat as the history grows). Upgrades a database created
 * by the earlier migrations in place.
 * - `webhook_delivery` is RANGE-partitioned on the new `settled_at`: `'infinity'` while an attempt is
 *   pending, the attempt's (or cancellation's) time once it leaves pending. Every pending row, the
 *   queue, lives in the one hot partition `webhook_delivery_pending` (`'infinity'` to MAXVALUE), so the
 *   claim and the record work on a table as small as the backlog whatever the history; finished rows
 *   move (an UPDATE of the partition key) into daily partitions `webhook_delivery_pYYYYMMDD`.
 * - `webhook_event` is RANGE-partitioned on `created_at`, daily (`webhook_event_pYYYYMMDD`); attempts
 *   carry `event_created_at`, so their join to the event prunes to one partition at run time.
 * - Idempotency keys cannot be unique across time partitions: they move to `webhook_event_key`
 *   (scope, key) → (event id, created_at), written in the same statement as the event.
 * - Each table has a DEFAULT partition, so a row is never refused when maintenance is behind;
 *   `PgPartitionMaintenance` creates days ahead and moves default rows into a day when it creates it.
 *   Retention then drops whole days instead of deleting rows.
 *
 * Cost: the migration copies every event and attempt once into the new tables inside its
 * transaction, holding ACCESS EXCLUSIVE locks on both for the duration (stop the instances, or
 * accept that publishes and deliveries wait). Measured on the 2-core bench machine (`npm run bench
 * -- history`): 1,000,000 attempts and 1,000,000 events in 14 s (18–23 s while other work shared the
 * cores), indexes built after the copy. It grows with the rows (the copy linearly, the index builds a
 * little more than linearly), so time it on a copy of the production database first; it needs free
 * disk for a second copy of both tables until the old ones are dropped at the end. Prune the history
 * first (retention) to make it shorter.
 */
export class Migration20261202100000_partitioned_history extends Migration {
  override async up(): Promise<void> {
    this.addSql(ATTACH_DAY_PARTITION_FUNCTION);
    this.addSql(DAY_PARTITION_KEPT_BY_FUNCTION);
    this.addSql(DROP_DAY_PARTITION_FUNCTION);
    this.addSql('lock table webhook_event, webhook_delivery in access exclusive mode;');
    this.addSql('alter table webhook_event rename to webhook_event_unpartitioned;');
    this.addSql('alter table webhook_delivery rename to webhook_delivery_unpartitioned;');

    this.addSql(`
      create table webhook_event (${EVENT_DEFINITION}) partition by range (created_at);`);
    this.addSql('create table webhook_event_default partition of webhook_event default;');
    this.addSql(`
      select webhooks_attach_day_partition('webhook_event', 'created_at', day)
      from (select (created_at at time zone 'UTC')::date as day from webhook_event_unpartitioned
            union ${AHEAD_DAYS}) d;`);
    this.addSql(`insert into webhook_event (${EVENT_COLUMNS})
      select ${EVENT_COLUMNS} from webhook_event_unpartitioned;`);
    this.addSql(`
      create table webhook_event_key (
        scope text not null,
        idempotency_key text not null,
        event_id text not null,
        created_at timestamptz not null,
        primary key (scope, idempotency_key)
      );`);
    this.addSql(`insert into webhook_event_key (scope, idempotency_key, event_id, created_at)
      select coalesce(workspace, ''), idempotency_key, id, created_at from webhook_event_unpartitioned
      where idempotency_key is not null;`);

    this.addSql(`
      create table webhook_delivery (${DELIVERY_DEFINITION},
        event_created_at timestamptz,
        settled_at timestamptz not null default 'infinity',
        -- A pending row is in the hot partition, a finished one never: the partition is the status.
        constraint webhook_delivery_settled check ((status = 'pending') = (settled_at = 'infinity'))
      ) partition by range (settled_at);`);
    // Updated in place while pending (lease, release): room for HOT updates, as the old table had.
    this.addSql(`create table webhook_delivery_pending partition of webhook_delivery
      for values from ('infinity') to (maxvalue) with (fillfactor = 70);`);
    this.addSql('create table webhook_delivery_default partition of webhook_delivery default;');
    const settled = `case when d.status = 'pending' then 'infinity' else coalesce(d.attempted_at, d.created_at) end`;
    this.addSql(`
      select webhooks_attach_day_partition('webhook_delivery', 'settled_at', day)
      from (select distinct (coalesce(attempted_at, created_at) at time zone 'UTC')::date as day
            from webhook_delivery_unpartitioned where status <> 'pending'
            union ${AHEAD_DAYS}) d;`);
    this.addSql(`insert into webhook_delivery (${DELIVERY_COLUMNS}, event_created_at, settled_at)
      select ${prefixed('d', DELIVERY_COLUMNS)}, e.created_at, ${settled}
      from webhook_delivery_unpartitioned d left join webhook_event_unpartitioned e on e.id = d.event_id;`);

    this.addSql('drop table webhook_delivery_unpartitioned;');
    this.addSql('drop table webhook_event_unpartitioned;');
    // Indexes after the copy: one build per index instead of a row-by-row insertion.
    this.addSql('alter table webhook_event add primary key (id, created_at);');
    this.addSql(`create index webhook_event_unfanned on webhook_event (id) where fanned_out_at is null;`);
    this.addSql(`create index webhook_event_workspace_id on webhook_event (workspace, id);`);
    this.addSql(`create index webhook_event_type_id on webhook_event (type, id);`);
    // Keys leave with their events: retention deletes them by creation time, in bounded batches.
    this.addSql(`create index webhook_event_key_created_at on webhook_event_key (created_at);`);
    this.addSql('alter table webhook_delivery add primary key (id, settled_at);');
    this.addSql(`alter table webhook_delivery add constraint webhook_delivery_subscription_id_fkey
      foreign key (subscription_id) references webhook_subscription (id) on delete cascade;`);
    this.addSql(
      `create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';`,
    );
    this.addSql(
      `create index webhook_delivery_fifo on webhook_delivery (subscription_id, sequence, id) where status = 'pending';`,
    );
    this.addSql(`create index webhook_delivery_subscription_id on webhook_delivery (subscription_id, id);`);
    this.addSql(`create index webhook_delivery_workspace_id on webhook_delivery (workspace, id);`);
    this.addSql(`create index webhook_delivery_event_id on webhook_delivery (event_id);`);
    // Whether an event partition is still referenced is one range probe per attempt partition.
    this.addSql(`create index webhook_delivery_event_created_at on webhook_delivery (event_created_at);`);
    this.addSql('analyze webhook_event, webhook_event_key, webhook_delivery;');
  }

  override async down(): Promise<void> {
    this.addSql('lock table webhook_event, webhook_delivery in access exclusive mode;');
    // Out of the way first, so the restored tables get their original names from the start (and
    // with them the names PostgreSQL derives for their constraints).
    this.addSql('alter table webhook_event rename to webhook_event_partitioned;');
    this.addSql('alter table webhook_delivery rename to webhook_delivery_partitioned;');
    this.addSql(`
      create table webhook_event (${EVENT_DEFINITION});`);
    this.addSql(`insert into webhook_event (${EVENT_COLUMNS})
      select ${EVENT_COLUMNS} from webhook_event_partitioned;`);
    this.addSql(`
      create table webhook_delivery (${DELIVERY_DEFINITION}) with (fillfactor = 70);`);
    this.addSql(`insert into webhook_delivery (${DELIVERY_COLUMNS})
      select ${DELIVERY_COLUMNS} from webhook_delivery_partitioned;`);
    this.addSql('drop table webhook_delivery_partitioned;');
    this.addSql('drop table webhook_event_partitioned;');
    this.addSql('drop table webhook_event_key;');
    this.addSql('alter table webhook_event add primary key (id);');
    this.addSql(
      `create unique index webhook_event_idempotency on webhook_event (coalesce(workspace, ''), idempotency_key) where idempotency_key is not null;`,
    );
    this.addSql(`create index webhook_event_unfanned on webhook_event (id) where fanned_out_at is null;`);
    this.addSql(`create index webhook_event_workspace_id on webhook_event (workspace, id);`);
    this.addSql(`create index webhook_event_type_id on webhook_event (type, id);`);
    this.addSql('alter table webhook_delivery add primary key (id);');
    this.addSql(`alter table webhook_delivery add constraint webhook_delivery_subscription_id_fkey
      foreign key (subscription_id) references webhook_subscription (id) on delete cascade;`);
    this.addSql(
      `create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'pending';`,
    );
    this.addSql(`create index webhook_delivery_subscription_id on webhook_delivery (subscription_id, id);`);
    this.addSql(`create index webhook_delivery_workspace_id on webhook_delivery (workspace, id);`);
    this.addSql(`create index webhook_delivery_event_id on webhook_delivery (event_id);`);
    this.addSql(
      `create index webhook_delivery_fifo on webhook_delivery (subscription_id, sequence, id) where status = 'pending';`,
    );
    this.addSql('drop function if exists webhooks_drop_day_partition(regclass, date, timestamptz);');
    this.addSql('drop function if exists webhooks_day_partition_kept_by(regclass, date, timestamptz);');
    this.addSql('drop function if exists webhooks_attach_day_partition(regclass, text, date);');
  }
}

/** `columns` (a comma-separated list) qualified by `alias`. */
function prefixed(alias: string, columns: string): string {
  return columns
    .split(',')
    .map((column) => `${alias}.${column.trim()}`)
    .join(', ');
}
