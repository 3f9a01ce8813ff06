import { defineEntity, p } from '@mikro-orm/postgresql';
import type { OAuth2Column } from '../stores/pg-oauth2.column.js';
import type {
  PayloadFormat,
  StoredCredential,
  SubscriptionStatus,
} from '../../interfaces/subscription.interface.js';

/** A stored secret in the `secrets` jsonb column (snake_case, ISO dates). */
export interface StoredSecretColumn {
  ciphertext: string;
  created_at: string;
  expires_at: string | null;
}

/**
 * `webhook_subscription`, as created by the migration. Registered so a host's schema tooling knows the
 * table; the stores read and write it with SQL, so nothing here carries behaviour.
 */
export const WebhookSubscriptionEntity = defineEntity({
  name: 'WebhookSubscription',
  tableName: 'webhook_subscription',
  properties: {
    id: p.text().primary(),
    workspace: p.text().nullable(),
    name: p.text(),
    url: p.text(),
    description: p.text().nullable(),
    eventTypes: p.array().columnType('text[]'),
    metadata: p.json<Record<string, unknown>>().defaultRaw(`'{}'`),
    format: p.text().$type<PayloadFormat>().default('raw'),
    status: p.text().$type<SubscriptionStatus>(),
    disabledReason: p.text().nullable(),
    failureCount: p.integer().default(0),
    secrets: p.json<StoredSecretColumn[]>(),
    credentials: p.json<StoredCredential[]>().defaultRaw(`'[]'`),
    /** The client certificate's public part (`ClientCertificateColumn`), `null` without mutual TLS. */
    tls: p.json<Record<string, unknown>>().nullable(),
    /** Generated from `tls` (stored): the certificate expiry scan's column. Never written. */
    clientCertExpiresAt: p.datetime().columnType('timestamptz').nullable().persist(false),
    oauth2: p.json<OAuth2Column>().nullable(),
    lastDeliveredAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz'),
    updatedAt: p.datetime().columnType('timestamptz'),
    deletedAt: p.datetime().columnType('timestamptz').nullable(),
    retrySchedule: p.text().nullable(),
    timeoutMs: p.integer().nullable(),
    rateLimit: p.integer().nullable(),
    maxInFlight: p.integer().nullable(),
    ordering: p.text().default('none'),
    heldUntil: p.datetime().columnType('timestamptz').nullable(),
    filter: p.json<Record<string, unknown>>().nullable(),
    filterPath: p.text().columnType('jsonpath').nullable(),
    backoffLevel: p.integer().default(0),
    rateSlot: p.datetime().columnType('timestamptz').nullable(),
    rateSlotCount: p.integer().default(0),
  },
});
