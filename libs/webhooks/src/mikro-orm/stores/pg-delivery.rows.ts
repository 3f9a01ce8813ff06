import type { QueryConfig } from 'pg';
import type {
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryStatus,
} from '../../interfaces/delivery.interface.js';
import type { StoredSecret } from '../../interfaces/subscription.interface.js';
import type { DeliveryQuery } from '../../storage/delivery-store.interface.js';
import type { StoredSecretColumn } from '../entities/webhook-subscription.entity.js';

// Timestamps arrive as strings: MikroORM's pool keeps timestamptz unparsed (its own mapping does that).
const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));
const toDateOrNull = (value: string | Date | null): Date | null => (value === null ? null : toDate(value));

/** A row returned by the claim statement. */
export interface ClaimRow {
  id: string;
  lease_token: string;
  attempt: number;
  subscription_id: string;
  event_id: string;
  event_type: string;
  url: string;
  secrets: StoredSecretColumn[];
  payload: string;
  recovered: boolean;
}

/** Maps a claimed row; the `secrets` column is snake_case JSON with ISO dates. */
export function toClaimedDelivery(row: ClaimRow): ClaimedDelivery {
  return {
    id: row.id,
    leaseToken: row.lease_token,
    attempt: row.attempt,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    url: row.url,
    secrets: row.secrets.map((secret): StoredSecret => ({
      ciphertext: secret.ciphertext,
      createdAt: toDate(secret.created_at),
      expiresAt: toDateOrNull(secret.expires_at),
    })),
    payload: row.payload,
    recoveredLease: row.recovered,
  };
}

/** A `webhook_delivery` row. */
export interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  workspace: string | null;
  attempt: number;
  status: DeliveryStatus;
  next_attempt_at: string;
  http_status: number | null;
  error: string | null;
  response_body: string | null;
  duration_ms: number | null;
  attempted_at: string | null;
  created_at: string;
}

/** Maps a delivery log row. */
export function toAttemptRecord(row: DeliveryRow): DeliveryAttemptRecord {
  return {
    id: row.id,
    subscriptionId: row.subscription_id,
    eventId: row.event_id,
    eventType: row.event_type,
    workspace: row.workspace,
    attempt: row.attempt,
    status: row.status,
    nextAttemptAt: toDate(row.next_attempt_at),
    httpStatus: row.http_status,
    error: row.error,
    responseBody: row.response_body,
    durationMs: row.duration_ms,
    attemptedAt: toDateOrNull(row.attempted_at),
    createdAt: toDate(row.created_at),
  };
}

/**
 * The delivery log query for the given filters, newest first (id descending). Time filters apply to
 * when an attempt was made, or for a pending one when it was scheduled, as the log shows it.
 */
export function buildDeliveryListQuery(query: DeliveryQuery): QueryConfig {
  const where: string[] = ["status <> 'cancelled'"];
  const values: unknown[] = [];
  const param = (value: unknown): string => `$${values.push(value)}`;
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
  if (query.before !== undefined) where.push(`id < ${param(query.before)}`);
  return {
    text: `select id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at, http_status,
             error, response_body, duration_ms, attempted_at, created_at
           from webhook_delivery where ${where.join(' and ')} order by id desc limit ${param(query.limit)}`,
    values,
  };
}
