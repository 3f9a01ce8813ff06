import type { MikroORM } from '@mikro-orm/postgresql';

// Set-based history for the `history` suite: rows generated with generate_series straight into the
// tables, as a database that ran for a month would hold them.

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a month of history looks like: `attempts` finished attempts (one per event) over `days` days before `today`. */
export interface HistoryShape {
  attempts: number;
  days: number;
  today: Date;
  subscriptionId: string;
}

const dayStart = (today: Date, back: number): Date =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - back * DAY_MS);
const suffix = (day: Date): string => day.toISOString().slice(0, 10).replaceAll('-', '');

/** The event and attempt columns of one generated day: `n` from the series, `$1` the day, `$2` rows per day. */
const EVENT_SELECT = `select 'evt_h' || to_char($1::timestamptz, 'YYYYMMDD') || lpad(n::text, 9, '0'), null, 'deal.updated',
    '{"id":"evt_h' || n || '","event":"deal.updated","data":{"i":' || n || ',"amount":1200}}',
    null, $1::timestamptz + ((n - 1) * (86400.0 / $2::int)) * interval '1 second',
    $1::timestamptz + ((n - 1) * (86400.0 / $2::int)) * interval '1 second', n
  from generate_series(1, $2::int) n`;
const DELIVERY_SELECT = (
  subscriptionId: string,
  partitioned = false,
): string => `select 'whd_h' || to_char($1::timestamptz, 'YYYYMMDD') || lpad(n::text, 9, '0'),
    '${subscriptionId}', 'evt_h' || to_char($1::timestamptz, 'YYYYMMDD') || lpad(n::text, 9, '0'), 'deal.updated', null, 1, 'success',
    t, null, null, 200, null, 'ok', 5, t + interval '5 milliseconds', t, false, n, 'http://127.0.0.1:9/hook',
    '{"content-type":"application/json"}'::jsonb, '{"content-length":"2"}'::jsonb, null, null
    ${partitioned ? `, t, t + interval '5 milliseconds'` : ''}
  from (select n, $1::timestamptz + ((n - 1) * (86400.0 / $2::int)) * interval '1 second' as t from generate_series(1, $2::int) n) g`;
const DELIVERY_COLUMNS = `id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, lease_token,
  lease_expires_at, http_status, error, response_body, duration_ms, attempted_at, created_at, test, sequence, url,
  request_headers, response_headers, error_class, retry_at`;
const EVENT_COLUMNS = 'id, workspace, type, payload, idempotency_key, created_at, fanned_out_at, sequence';

async function execute(orm: MikroORM, sql: string, params: unknown[] = []): Promise<void> {
  const pool = (await orm.em.getConnection().getNativeClient()) as {
    query(text: string, values?: unknown[]): Promise<unknown>;
  };
  await pool.query(sql, params);
}

/**
 * Loads the history into the partitioned tables: per day, an event partition and an attempt
 * partition filled as plain tables and then ATTACHed (indexes built once, as a bulk load should).
 */
export async function loadPartitionedHistory(orm: MikroORM, shape: HistoryShape): Promise<void> {
  const perDay = Math.ceil(shape.attempts / shape.days);
  for (let back = shape.days; back >= 1; back--) {
    const day = dayStart(shape.today, back);
    const next = new Date(day.getTime() + DAY_MS);
    const events = `webhook_event_p${suffix(day)}`;
    const attempts = `webhook_delivery_p${suffix(day)}`;
    await execute(
      orm,
      `create table ${events} (like webhook_event including defaults including constraints)`,
    );
    await execute(orm, `insert into ${events} (${EVENT_COLUMNS}) ${EVENT_SELECT}`, [
      day.toISOString(),
      perDay,
    ]);
    await execute(
      orm,
      `alter table webhook_event attach partition ${events} for values from ('${day.toISOString()}') to ('${next.toISOString()}')`,
    );
    await execute(
      orm,
      `create table ${attempts} (like webhook_delivery including defaults including constraints)`,
    );
    await execute(
      orm,
      `insert into ${attempts} (${DELIVERY_COLUMNS}, event_created_at, settled_at) ${DELIVERY_SELECT(shape.subscriptionId, true)}`,
      [day.toISOString(), perDay],
    );
    await execute(
      orm,
      `alter table webhook_delivery attach partition ${attempts} for values from ('${day.toISOString()}') to ('${next.toISOString()}')`,
    );
  }
  await execute(orm, 'analyze webhook_event_key');
  await execute(orm, 'vacuum analyze webhook_delivery, webhook_event');
}

/** Loads the same history into the previous release's unpartitioned tables (their indexes in place). */
export async function loadUnpartitionedHistory(orm: MikroORM, shape: HistoryShape): Promise<void> {
  const perDay = Math.ceil(shape.attempts / shape.days);
  for (let back = shape.days; back >= 1; back--) {
    const day = dayStart(shape.today, back).toISOString();
    await execute(orm, `insert into webhook_event (${EVENT_COLUMNS}) ${EVENT_SELECT}`, [day, perDay]);
    await execute(
      orm,
      `insert into webhook_delivery (${DELIVERY_COLUMNS}) ${DELIVERY_SELECT(shape.subscriptionId)}`,
      [day, perDay],
    );
  }
  await execute(orm, 'vacuum analyze webhook_delivery, webhook_event');
}

/**
 * The previous release's retention (its `webhooks_prune`): a DELETE of the finished attempts, then
 * of the events no attempt needs, over the whole tables. Kept here to measure what it cost.
 */
export async function deleteLikePreviousRelease(orm: MikroORM, cutoff: Date): Promise<void> {
  await execute(
    orm,
    `with attempts as (
       delete from webhook_delivery where status <> 'pending' and coalesce(attempted_at, created_at) < $1 returning 1
     ), events as (
       delete from webhook_event e where e.fanned_out_at is not null and e.created_at < $1
         and not exists (select 1 from webhook_delivery d where d.event_id = e.id
                         and (d.status = 'pending' or coalesce(d.attempted_at, d.created_at) >= $1))
       returning 1
     )
     select (select count(*) from attempts)::int + (select count(*) from events)::int as removed`,
    [cutoff],
  );
}

/**
 * `count` events of today, fanned out, each with a due pending attempt to `subscriptionIds` in turn:
 * the queue. `prefix` keeps the ids of one load apart from another's.
 */
export async function loadQueue(
  orm: MikroORM,
  subscriptionIds: readonly string[],
  count: number,
  now: Date,
  prefix: string,
): Promise<void> {
  await execute(
    orm,
    `insert into webhook_event (id, type, payload, created_at, fanned_out_at, sequence)
     select 'evt_q' || $3 || lpad(n::text, 9, '0'), 'deal.updated', '{"id":"evt_q' || n || '","data":{"i":' || n || '}}',
            $1::timestamptz - interval '1 minute', $1::timestamptz, n
     from generate_series(1, $2::int) n`,
    [now.toISOString(), count, prefix],
  );
  await execute(
    orm,
    `insert into webhook_delivery (id, subscription_id, event_id, event_type, attempt, status, next_attempt_at, created_at,
       sequence, event_created_at)
     select 'whd_q' || $4 || lpad(n::text, 9, '0'), ($3::text[])[1 + n % cardinality($3::text[])], 'evt_q' || $4 || lpad(n::text, 9, '0'),
            'deal.updated', 1, 'pending', $1::timestamptz - interval '1 minute', $1::timestamptz, n, $1::timestamptz - interval '1 minute'
     from generate_series(1, $2::int) n`,
    [now.toISOString(), count, subscriptionIds, prefix],
  );
  await execute(orm, 'analyze webhook_delivery_pending');
}
