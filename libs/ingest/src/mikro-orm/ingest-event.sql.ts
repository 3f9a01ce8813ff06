import type { NewInboundEvent } from '../interfaces/ingest-store.interface.js';

// The statements of MikroOrmIngestStore, with `?` placeholders (MikroORM formats them). Times are
// passed as ISO strings cast to timestamptz, so the session time zone never matters.

/** Stores `count` events, skipping (source, external_id) pairs already stored; returns the new ids. */
export function insertEvents(count: number): string {
  const row =
    "(?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, 'pending', 0, ?::timestamptz, ?::timestamptz, ?::timestamptz)";
  return `insert into "ingest_event" ("id", "source", "external_id", "type", "payload", "raw_body", "headers",
      "status", "attempts", "next_attempt_at", "received_at", "updated_at")
    values ${Array(count).fill(row).join(', ')}
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
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? withoutNul(v) : v));
}
