import { SecretCiphertextStatements, sql, SqlParams, type SqlStatement } from '@org/common/sql';
import type { SubscriptionPatch } from '../../interfaces/subscription.interface.js';
import type { SubscriptionListQuery } from '../../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { PATCH_COLUMNS } from './pg-subscription.rows.js';
import { storedFilterPath } from '../../filters/stored-filter.js';

// The statements of MikroOrmSubscriptionStore (table webhook_subscription). Deleted rows are
// invisible: every read and write carries `deleted_at is null`.

/** Insert: $1..$25 the record's columns. */
export const INSERT_SUBSCRIPTION = sql(
  'webhooks_insert_subscription',
  `insert into webhook_subscription (id, workspace, name, url, description, event_types, metadata, status,
     disabled_reason, failure_count, secrets, last_delivered_at, created_at, updated_at, format,
     retry_schedule, timeout_ms, rate_limit, max_in_flight, ordering, credentials, filter, filter_path, oauth2, tls)
   values ($1, $2, $3, $4, $5, $6::text[], $7::jsonb, $8, $9, $10, $11::jsonb, $12::timestamptz,
     $13::timestamptz, $14::timestamptz, $15, $16, $17::int, $18::int, $19::int, $20, $21::jsonb, $22::jsonb, $23::jsonpath,
     $24::jsonb, $25::jsonb)`,
);

/** A subscription by $1 id, in $2 workspace unless $2 is null. */
export const FIND_SUBSCRIPTION = sql(
  'webhooks_find_subscription',
  `select * from webhook_subscription
   where id = $1 and deleted_at is null and ($2::text is null or workspace = $2)`,
);

/**
 * Soft delete of $2 (in $3 unless null) at $1, and cancellation of its queue, in one statement so
 * both commit together. The encrypted signing secrets and credentials, and the cached OAuth2 token,
 * are erased: nothing signs
 * for or calls a deleted subscription, and a stolen backup should not hold them. Retried: an attempt recorded meanwhile has
 * moved out of the hot partition, which PostgreSQL reports as a serialization failure (40001) to an
 * UPDATE that was about to lock it (seen in the API suite).
 */
export const DELETE_SUBSCRIPTION = sql(
  'webhooks_delete_subscription',
  `with deleted as (
     update webhook_subscription set deleted_at = $1::timestamptz, secrets = '[]'::jsonb,
                                     credentials = '[]'::jsonb
     where id = $2 and deleted_at is null and ($3::text is null or workspace = $3) returning id
   ), forgotten_tokens as (
     delete from webhook_oauth2_token where subscription_id in (select id from deleted)
   ), cancelled as (
     -- Settled at the cancellation: the rows leave the hot partition for the history.
     update webhook_delivery set status = 'cancelled', settled_at = $1::timestamptz
      where status = 'pending' and settled_at = 'infinity' and subscription_id in (select id from deleted)
   )
   select count(*)::int as deleted from deleted`,
  { retried: true },
);

/**
 * Live subscriptions with a client certificate, soonest expiry first, at most $1 (the partial index
 * on `client_cert_expires_at` serves it).
 */
export const LIST_CLIENT_CERTIFICATES = sql(
  'webhooks_list_client_certificates',
  `select id, workspace, name, url, client_cert_expires_at, tls->>'fingerprint_sha256' as fingerprint_sha256
   from webhook_subscription
   where client_cert_expires_at is not null and deleted_at is null
   order by client_cert_expires_at, id
   limit $1::int`,
);

/** A row of {@link LIST_CLIENT_CERTIFICATES}. */
export interface ClientCertificateListingRow {
  id: string;
  workspace: string | null;
  name: string;
  url: string;
  client_cert_expires_at: unknown;
  fingerprint_sha256: string;
}

/**
 * Key rotation's statements over `secrets` and `credentials`: every row, deleted ones included
 * (their secrets are erased, so they never match).
 */
export const SUBSCRIPTION_CIPHERTEXTS = new SecretCiphertextStatements('webhook_subscription', [
  'secrets',
  'credentials',
]);

/** Subscriptions for the given filters, by id ascending. */
export function listSubscriptions(query: SubscriptionListQuery): {
  statement: SqlStatement;
  values: unknown[];
} {
  const params = new SqlParams();
  const where = visible(query.scope, params);
  if (query.status !== undefined) where.push(`status = ${params.add(query.status)}`);
  if (query.after !== undefined) where.push(`id > ${params.add(query.after)}`);
  const text = `select * from webhook_subscription where ${where.join(' and ')} order by id limit ${params.add(query.limit)}`;
  return { statement: sql('webhooks_list_subscriptions', text), values: params.values };
}

/** The update of the fields `patch` sets, and `updated_at`, of subscription `id` in `scope`. */
export function updateSubscription(
  id: string,
  scope: WorkspaceScope,
  patch: SubscriptionPatch,
  now: Date,
): { statement: SqlStatement; values: unknown[] } {
  const params = new SqlParams();
  const sets = [`updated_at = ${params.add(now.toISOString())}::timestamptz`];
  for (const key of Object.keys(patch) as (keyof SubscriptionPatch)[]) {
    const value = patch[key];
    if (value === undefined) continue;
    if (key === 'filter') {
      // Two columns: the filter as given and its compiled predicate, which fan-out matches.
      const filter = value as SubscriptionPatch['filter'] & object;
      sets.push(`filter = ${params.add(filter === null ? null : JSON.stringify(filter))}::jsonb`);
      sets.push(`filter_path = ${params.add(storedFilterPath(filter))}::jsonpath`);
      continue;
    }
    const [column, toValue, bind] = PATCH_COLUMNS[key as keyof typeof PATCH_COLUMNS] as [
      string,
      (p: string) => string,
      (v: unknown) => unknown,
    ];
    sets.push(`${column} = ${toValue(params.add(bind(value)))}`);
  }
  const where = [`id = ${params.add(id)}`, ...visible(scope, params)];
  const text = `update webhook_subscription set ${sets.join(', ')} where ${where.join(' and ')} returning *`;
  return { statement: sql('webhooks_update_subscription', text), values: params.values };
}

/** The conditions for rows a caller with `scope` can see: not deleted, and in its workspace if bound. */
function visible(scope: WorkspaceScope, params: SqlParams): string[] {
  return scope === null ? ['deleted_at is null'] : ['deleted_at is null', `workspace = ${params.add(scope)}`];
}
