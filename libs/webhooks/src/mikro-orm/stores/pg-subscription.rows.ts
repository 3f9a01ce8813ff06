import type { PayloadFilter } from '../../filters/payload-filter.js';
import type {
  ClientCertificate,
  PayloadFormat,
  StoredCredential,
  StoredSecret,
  SubscriptionPatch,
  SubscriptionRecord,
  SubscriptionOrdering,
  SubscriptionStatus,
} from '../../interfaces/subscription.interface.js';
import { formatRetrySchedule, parseRetrySchedule } from '../../rules/retry-schedule.js';
import type { StoredSecretColumn } from '../entities/webhook-subscription.entity.js';
import { pgDate, pgDateOrNull } from '@org/common/sql';
import { fromOAuth2Column, oauth2Column, type OAuth2Column } from './pg-oauth2.column.js';

/** A `webhook_subscription` row as raw SQL returns it. */
export interface SubscriptionRow {
  id: string;
  workspace: string | null;
  name: string;
  url: string;
  description: string | null;
  event_types: string[];
  metadata: Record<string, unknown>;
  format: PayloadFormat;
  status: SubscriptionStatus;
  disabled_reason: string | null;
  failure_count: number;
  secrets: StoredSecretColumn[];
  credentials: StoredCredential[];
  tls: ClientCertificateColumn | null;
  oauth2: OAuth2Column | null;
  last_delivered_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  retry_schedule: string | null;
  timeout_ms: number | null;
  rate_limit: number | null;
  max_in_flight: number | null;
  ordering: SubscriptionOrdering;
  held_until: unknown;
  filter: PayloadFilter | null;
}

/** Maps a row to the domain record. */
export function toSubscriptionRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    id: row.id,
    workspace: row.workspace,
    name: row.name,
    url: row.url,
    description: row.description,
    eventTypes: [...row.event_types],
    metadata: row.metadata,
    format: row.format,
    status: row.status,
    disabledReason: row.disabled_reason,
    failureCount: row.failure_count,
    secrets: row.secrets.map(fromSecretColumn),
    credentials: row.credentials.map((credential) => ({ ...credential })),
    tls: fromClientCertificateColumn(row.tls),
    oauth2: fromOAuth2Column(row.oauth2),
    lastDeliveredAt: pgDateOrNull(row.last_delivered_at),
    createdAt: pgDate(row.created_at),
    updatedAt: pgDate(row.updated_at),
    retrySchedule: row.retry_schedule === null ? null : parseRetrySchedule(row.retry_schedule),
    timeoutMs: row.timeout_ms,
    rateLimit: row.rate_limit,
    maxInFlight: row.max_in_flight,
    ordering: row.ordering,
    heldUntil: pgDateOrNull(row.held_until),
    filter: row.filter,
  };
}

/** The `secrets` jsonb value of stored secrets. */
export function secretsColumn(secrets: StoredSecret[]): string {
  const column: StoredSecretColumn[] = secrets.map((secret) => ({
    ciphertext: secret.ciphertext,
    created_at: secret.createdAt.toISOString(),
    expires_at: secret.expiresAt ? secret.expiresAt.toISOString() : null,
  }));
  return JSON.stringify(column);
}

function fromSecretColumn(column: StoredSecretColumn): StoredSecret {
  return {
    ciphertext: column.ciphertext,
    createdAt: new Date(column.created_at),
    expiresAt: column.expires_at === null ? null : new Date(column.expires_at),
  };
}

/**
 * The `tls` jsonb value: the certificate's public part. `expires_at_ms` feeds the generated
 * `client_cert_expires_at` column (`to_timestamp` of a number is immutable; of ISO text it is not).
 */
export interface ClientCertificateColumn {
  cert: string;
  ca: string | null;
  expires_at: string;
  expires_at_ms: number;
  subject: string;
  fingerprint_sha256: string;
}

/** The `tls` jsonb text of a client certificate (`null`: none). */
export function clientCertificateColumn(tls: ClientCertificate | null): string | null {
  if (tls === null) return null;
  const column: ClientCertificateColumn = {
    cert: tls.cert,
    ca: tls.ca,
    expires_at: tls.expiresAt.toISOString(),
    expires_at_ms: tls.expiresAt.getTime(),
    subject: tls.subject,
    fingerprint_sha256: tls.fingerprintSha256,
  };
  return JSON.stringify(column);
}

/** A client certificate from its `tls` jsonb value. */
export function fromClientCertificateColumn(
  column: ClientCertificateColumn | null,
): ClientCertificate | null {
  if (column === null) return null;
  return {
    cert: column.cert,
    ca: column.ca,
    expiresAt: new Date(column.expires_at_ms),
    subject: column.subject,
    fingerprintSha256: column.fingerprint_sha256,
  };
}

/**
 * Column, SQL value (from its `$n` placeholder) and bind value of each field a {@link SubscriptionPatch}
 * may set; `filter`, which sets two columns, is written by `updateSubscription` itself.
 */
export const PATCH_COLUMNS: {
  [K in Exclude<keyof Required<SubscriptionPatch>, 'filter'>]: [
    column: string,
    value: (placeholder: string) => string,
    bind: (value: NonNullable<SubscriptionPatch[K]> | null) => unknown,
  ];
} = {
  name: ['name', (p) => p, (v) => v],
  url: ['url', (p) => p, (v) => v],
  description: ['description', (p) => p, (v) => v],
  eventTypes: ['event_types', (p) => `${p}::text[]`, (v) => v],
  metadata: ['metadata', (p) => `${p}::jsonb`, (v) => JSON.stringify(v)],
  format: ['format', (p) => p, (v) => v],
  status: ['status', (p) => p, (v) => v],
  disabledReason: ['disabled_reason', (p) => p, (v) => v],
  failureCount: ['failure_count', (p) => p, (v) => v],
  secrets: ['secrets', (p) => `${p}::jsonb`, (v) => (v === null ? null : secretsColumn(v))],
  credentials: ['credentials', (p) => `${p}::jsonb`, (v) => JSON.stringify(v ?? [])],
  tls: ['tls', (p) => `${p}::jsonb`, (v) => clientCertificateColumn(v)],
  oauth2: ['oauth2', (p) => `${p}::jsonb`, (v) => oauth2Column(v)],
  retrySchedule: ['retry_schedule', (p) => p, (v) => (v === null ? null : formatRetrySchedule(v))],
  timeoutMs: ['timeout_ms', (p) => `${p}::int`, (v) => v],
  rateLimit: ['rate_limit', (p) => `${p}::int`, (v) => v],
  maxInFlight: ['max_in_flight', (p) => `${p}::int`, (v) => v],
  ordering: ['ordering', (p) => p, (v) => v],
};
