import { sql } from '@org/common/sql';

// The statements of MikroOrmOAuth2TokenStore (table webhook_oauth2_token).

/** The token of subscription $1. */
export const FIND_OAUTH2_TOKEN = sql(
  'webhooks_find_oauth2_token',
  `select subscription_id, fingerprint, token, fetched_at, expires_at
   from webhook_oauth2_token where subscription_id = $1`,
  { prepared: true },
);

/** Waits for locks at most $1 ms until the transaction ends. */
export const OAUTH2_LOCK_TIMEOUT = sql(
  'webhooks_oauth2_lock_timeout',
  `select set_config('lock_timeout', $1, true)`,
);

/**
 * The lock of subscription $1's token refresh, until the transaction ends; every instance on the
 * database takes the same one. Two-key form, so it shares no key space with single-key locks.
 */
export const LOCK_OAUTH2_TOKEN = sql(
  'webhooks_lock_oauth2_token',
  `select pg_advisory_xact_lock(hashtext('webhook_oauth2_token'), hashtext($1))`,
);

/** Stores $1's token ($2 fingerprint, $3 ciphertext, $4 fetched at, $5 expires at), replacing any. */
export const UPSERT_OAUTH2_TOKEN = sql(
  'webhooks_upsert_oauth2_token',
  `insert into webhook_oauth2_token (subscription_id, fingerprint, token, fetched_at, expires_at)
   values ($1, $2, $3, $4::timestamptz, $5::timestamptz)
   on conflict (subscription_id) do update
     set fingerprint = excluded.fingerprint, token = excluded.token,
         fetched_at = excluded.fetched_at, expires_at = excluded.expires_at`,
);

/** Removes $1's token if it is still $2 (another instance may have replaced it). */
export const DELETE_OAUTH2_TOKEN = sql(
  'webhooks_delete_oauth2_token',
  `delete from webhook_oauth2_token where subscription_id = $1 and token = $2`,
);
