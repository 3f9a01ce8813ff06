import { sql, type SqlStatement } from '@org/common/sql';
import type { NewInboundEvent } from '../storage/ingest-store.interface.js';

// The statements of MikroOrmIngestStore (table ingest_event), run by the SqlRunner of @org/common.
// Times are passed as ISO strings cast to timestamptz, so the session time zone never matters.

/** Parameters per event in {@link insertEvents}. */
const INSERT_PARAMS_PER_EVENT = 13;

/**
 * Stores `count` events, skipping (source, external_id) pairs already stored; returns the new ids.
 * Prepared by name per size up to {@link MAX_PREPARED_INSERT_SIZE} (one request's maximum), so at
 * most that many prepared inserts per connection; larger direct calls are not prepared.
 */
export function insertEvents(count: number): SqlStatement {
  let statement = insertStatements.get(count);
  if (statement === undefined) {
    statement = sql(`org_ingest_insert_${count}`, buildInsert(count), {
      prepared: count <= MAX_PREPARED_INSERT_SIZE,
    });
    if (count <= MAX_PREPARED_INSERT_SIZE) insertStatements.set(count, statement);
  }
  return statement;
}

/** Largest insert prepared by name (and cached). */
export const MAX_PREPARED_INSERT_SIZE = 100;
// Built once per size: the driver compares a prepared statement's text with the one it prepared.
const insertStatements = new Map<number, SqlStatement>();

function buildInsert(count: number): string {
  const rows = Array.from({ length: count }, (_, row) => {
    const at = (column: number) => `$${row * INSERT_PARAMS_PER_EVENT + column}`;
    return `(${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, ${at(5)}::jsonb, ${at(6)}, ${at(7)}::jsonb, 'pending', 0, ${at(8)}::timestamptz, ${at(9)}::timestamptz, ${at(10)}::timestamptz, ${at(11)}, ${at(12)}, ${at(13)})`;
  });
  return `insert into "ingest_event" ("id", "source", "external_id", "type", "payload", "raw_body", "headers",
      "status", "attempts", "next_attempt_at", "received_at", "updated_at", "trace_context", "workspace", "source_type")
    values ${rows.join(', ')}
    on conflict ("source", "external_id") do nothing
    returning "id"`;
}

/** Parameters of {@link insertEvents}. */
export function insertParams(events: NewInboundEvent[]): unknown[] {
  return events.flatMap((e) => {
    const at = e.receivedAt.toISOString();
    const row = [
      e.id,
      e.source,
      e.externalId,
      e.type,
      toJsonb(e.payload),
      withoutNul(e.rawBody),
      toJsonb(e.headers),
    ];
    return [...row, at, at, at, e.traceContext ?? null, e.workspace, e.sourceType];
  });
}

/** Ids of stored events by `count` (source, external_id) pairs; parameters source, external id per pair. */
export function selectIdsByKey(count: number): SqlStatement {
  const pairs = Array.from({ length: count }, (_, i) => `($${2 * i + 1}, $${2 * i + 2})`);
  return sql(
    'org_ingest_ids_by_key',
    `select "id", "source", "external_id" from "ingest_event" where ("source", "external_id") in (${pairs.join(', ')})`,
  );
}

/** $1 lease owner, $2 lease expiry, $3 now, $4 limit. Due pending events and expired leases. */
export const CLAIM_DUE = sql(
  'org_ingest_claim_due',
  `update "ingest_event" set "status" = 'processing', "attempts" = "attempts" + 1,
    "lease_owner" = $1, "lease_expires_at" = $2::timestamptz, "updated_at" = $3::timestamptz
  where "id" in (
    select "id" from "ingest_event"
    where ("status" = 'pending' and "next_attempt_at" <= $3::timestamptz)
       or ("status" = 'processing' and "lease_expires_at" <= $3::timestamptz)
    order by "next_attempt_at"
    limit $4
    for update skip locked)
  returning *`,
);

/** $1 id, $2 lease owner. Locks the event for the transaction if the lease is still held. */
export const LOCK_IF_HELD = sql(
  'org_ingest_lock_if_held',
  `select "id" from "ingest_event"
  where "id" = $1 and "status" = 'processing' and "lease_owner" = $2 for update`,
);

/** $1 now, $2 id. */
export const MARK_PROCESSED = sql(
  'org_ingest_mark_processed',
  `update "ingest_event" set "status" = 'processed', "processed_at" = $1::timestamptz,
    "next_attempt_at" = null, "lease_owner" = null, "lease_expires_at" = null, "updated_at" = $1::timestamptz
  where "id" = $2`,
);

/** $1 status, $2 next attempt (or null), $3 error, $4 now, $5 id, $6 lease owner. */
export const RECORD_FAILURE = sql(
  'org_ingest_record_failure',
  `update "ingest_event" set "status" = $1, "next_attempt_at" = $2::timestamptz,
    "last_error" = $3, "lease_owner" = null, "lease_expires_at" = null, "updated_at" = $4::timestamptz
  where "id" = $5 and "status" = 'processing' and "lease_owner" = $6`,
);

/** $1 handler states (jsonb), $2 id. Inside the handling transaction, before the event is settled. */
export const SET_HANDLER_STATE = sql(
  'org_ingest_set_handler_state',
  `update "ingest_event" set "handler_state" = $1::jsonb where "id" = $2`,
);

/** $1 now, $2 id. Every handler runs again. */
export const REPLAY = sql(
  'org_ingest_replay',
  `update "ingest_event" set "status" = 'pending', "attempts" = 0, "handler_state" = '{}',
    "next_attempt_at" = $1::timestamptz, "processed_at" = null, "updated_at" = $1::timestamptz
  where "id" = $2 and "status" in ('processed', 'failed') returning "id"`,
);

/** $1 cutoff, $2 batch size. One batch of finished events past retention; returns the deleted ids. */
export const PRUNE_FINISHED = sql(
  'org_ingest_prune_finished',
  `delete from "ingest_event" where "id" in (
    select "id" from "ingest_event"
    where "status" in ('processed', 'failed') and "received_at" < $1::timestamptz
    limit $2)
  returning "id"`,
);

/** $1 now, $2 id. */
export const REQUEUE_FAILED = sql(
  'org_ingest_requeue_failed',
  `update "ingest_event" set "status" = 'pending', "attempts" = 0,
    "next_attempt_at" = $1::timestamptz, "updated_at" = $1::timestamptz
  where "id" = $2 and "status" = 'failed' returning "id"`,
);

/**
 * PostgreSQL text and jsonb cannot hold U+0000. The receiving side already replaces it; this is the
 * store's own guard for other callers.
 */
export function withoutNul(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

function toJsonb(value: unknown): string {
  const json: string | undefined = JSON.stringify(value);
  // JSON.stringify writes U+0000 as the escape \u0000: only then is the slower, replacing pass needed.
  if (!json?.includes('\\u0000')) return json as string;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v));
}
