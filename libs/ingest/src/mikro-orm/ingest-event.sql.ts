import type { NewInboundEvent } from '../storage/ingest-store.interface.js';

// The statements of MikroOrmIngestStore, with `?` placeholders (MikroORM formats them) except the hot
// insert, which the driver binds. Times are passed as ISO strings cast to timestamptz, so the session
// time zone never matters.

/** Parameters per event in {@link insertEvents}. */
const INSERT_PARAMS_PER_EVENT = 10;

/**
 * Stores `count` events, skipping (source, external_id) pairs already stored; returns the new ids.
 * Placeholders are `$1…$n` for parameters bound by the driver, or `?` for MikroORM to format.
 */
export function insertEvents(count: number, placeholders: 'numbered' | 'question' = 'numbered'): string {
  const key = `${placeholders}:${count}`;
  let statement = insertStatements.get(key);
  if (statement === undefined) {
    statement = buildInsert(count, placeholders);
    if (count <= MAX_CACHED_INSERT_SIZE) insertStatements.set(key, statement);
  }
  return statement;
}

// Built once per size: the driver compares a prepared statement's text with the one it prepared.
const insertStatements = new Map<string, string>();
const MAX_CACHED_INSERT_SIZE = 100;

function buildInsert(count: number, placeholders: 'numbered' | 'question'): string {
  const rows = Array.from({ length: count }, (_, row) => {
    const at = (column: number) =>
      placeholders === 'question' ? '?' : `$${row * INSERT_PARAMS_PER_EVENT + column}`;
    return `(${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, ${at(5)}::jsonb, ${at(6)}, ${at(7)}::jsonb, 'pending', 0, ${at(8)}::timestamptz, ${at(9)}::timestamptz, ${at(10)}::timestamptz)`;
  });
  return `insert into "ingest_event" ("id", "source", "external_id", "type", "payload", "raw_body", "headers",
      "status", "attempts", "next_attempt_at", "received_at", "updated_at")
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
    return [...row, at, at, at];
  });
}

/** Ids of stored events by `count` (source, external_id) pairs. */
export function selectIdsByKey(count: number): string {
  return `select "id", "source", "external_id" from "ingest_event"
    where ("source", "external_id") in (${Array(count).fill('(?, ?)').join(', ')})`;
}

/** Params: lease owner, lease expiry, now ×3, limit. Due pending events and expired leases. */
export const CLAIM_DUE = `update "ingest_event" set "status" = 'processing', "attempts" = "attempts" + 1,
    "lease_owner" = ?, "lease_expires_at" = ?::timestamptz, "updated_at" = ?::timestamptz
  where "id" in (
    select "id" from "ingest_event"
    where ("status" = 'pending' and "next_attempt_at" <= ?::timestamptz)
       or ("status" = 'processing' and "lease_expires_at" <= ?::timestamptz)
    order by "next_attempt_at"
    limit ?
    for update skip locked)
  returning *`;

/** Params: id, lease owner. Locks the event for the transaction if the lease is still held. */
export const LOCK_IF_HELD = `select "id" from "ingest_event"
  where "id" = ? and "status" = 'processing' and "lease_owner" = ? for update`;

/** Params: now ×2, id. */
export const MARK_PROCESSED = `update "ingest_event" set "status" = 'processed', "processed_at" = ?::timestamptz,
    "next_attempt_at" = null, "lease_owner" = null, "lease_expires_at" = null, "updated_at" = ?::timestamptz
  where "id" = ?`;

/** Params: status, next attempt (or null), error, now, id, lease owner. */
export const RECORD_FAILURE = `update "ingest_event" set "status" = ?, "next_attempt_at" = ?::timestamptz,
    "last_error" = ?, "lease_owner" = null, "lease_expires_at" = null, "updated_at" = ?::timestamptz
  where "id" = ? and "status" = 'processing' and "lease_owner" = ?`;

/** Params: now ×2, id. */
export const REQUEUE_FAILED = `update "ingest_event" set "status" = 'pending', "attempts" = 0,
    "next_attempt_at" = ?::timestamptz, "updated_at" = ?::timestamptz
  where "id" = ? and "status" = 'failed' returning "id"`;

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
