import type {
  ClaimedDelivery,
  DeliveryAttemptRecord,
  DeliveryStatus,
} from '../../interfaces/delivery.interface.js';
import type { EventDeliveryStatus, EventDeliverySummary } from '../../interfaces/event-delivery.interface.js';
import type {
  PayloadFormat,
  StoredCredential,
  StoredSecret,
  SubscriptionOrdering,
} from '../../interfaces/subscription.interface.js';
import type { StoredSecretColumn } from '../entities/webhook-subscription.entity.js';
import { fromClientCertificateColumn, type ClientCertificateColumn } from './pg-subscription.rows.js';
import { fromOAuth2Column, type OAuth2Column } from './pg-oauth2.column.js';

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
  credentials: StoredCredential[];
  tls: ClientCertificateColumn | null;
  oauth2: OAuth2Column | null;
  format: PayloadFormat;
  payload: string;
  recovered: boolean;
  trace_context: string | null;
  retry_schedule: string | null;
  timeout_ms: number | null;
  max_in_flight: number | null;
  backoff_level: number;
  ordering: SubscriptionOrdering;
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
    credentials: row.credentials,
    tls: fromClientCertificateColumn(row.tls),
    oauth2: fromOAuth2Column(row.oauth2),
    format: row.format,
    payload: row.payload,
    recoveredLease: row.recovered,
    traceContext: row.trace_context,
    retrySchedule: row.retry_schedule,
    timeoutMs: row.timeout_ms,
    maxInFlight: row.max_in_flight,
    backoffLevel: row.backoff_level,
    ordering: row.ordering,
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
  test: boolean;
  url: string | null;
  request_headers: Record<string, string> | null;
  response_headers: Record<string, string> | null;
  error_class: string | null;
  retry_at: string | null;
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
    test: row.test,
    url: row.url,
    requestHeaders: row.request_headers,
    responseHeaders: row.response_headers,
    errorClass: row.error_class,
    retryAt: toDateOrNull(row.retry_at),
  };
}

/** A row of the event deliveries statement (and the log's `delivery_status` column). */
export interface EventDeliveryRow {
  subscription_id: string;
  subscription_name: string | null;
  url: string | null;
  status: EventDeliveryStatus;
  delivery_status: EventDeliveryStatus;
  attempts: number;
  last_attempt_at: string | null;
  last_http_status: number | null;
  next_attempt_at: string | null;
  delivered_attempt: number | null;
}

/** Maps a row of the event deliveries statement. */
export function toEventDeliverySummary(row: EventDeliveryRow): EventDeliverySummary {
  return {
    subscriptionId: row.subscription_id,
    subscriptionName: row.subscription_name,
    url: row.url,
    status: row.status,
    attempts: row.attempts,
    lastAttemptAt: toDateOrNull(row.last_attempt_at),
    lastHttpStatus: row.last_http_status,
    nextAttemptAt: toDateOrNull(row.next_attempt_at),
    deliveredAttempt: row.delivered_attempt,
  };
}
