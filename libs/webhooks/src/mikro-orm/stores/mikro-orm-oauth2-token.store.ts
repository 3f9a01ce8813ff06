import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlRunner } from '@org/common/sql';
import type {
  OAuth2TokenRefresh,
  OAuth2TokenStore,
  StoredOAuth2Token,
} from '../../storage/oauth2-token-store.interface.js';
import {
  DELETE_OAUTH2_TOKEN,
  FIND_OAUTH2_TOKEN,
  LOCK_OAUTH2_TOKEN,
  OAUTH2_LOCK_TIMEOUT,
  UPSERT_OAUTH2_TOKEN,
} from './webhook-oauth2-token.sql.js';

interface OAuth2TokenRow {
  subscription_id: string;
  fingerprint: string;
  token: string;
  fetched_at: Date | string;
  expires_at: Date | string;
}

/**
 * {@link OAuth2TokenStore} on PostgreSQL (`webhook_oauth2_token`). A refresh runs in a transaction
 * of its own holding a transaction-scoped advisory lock on the subscription, re-reading the row
 * under it: instances on a cold cache queue behind the first, which stores its token before
 * committing. The transaction spans the token request, which the request timeout bounds.
 */
export class MikroOrmOAuth2TokenStore implements OAuth2TokenStore {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async findToken(subscriptionId: string): Promise<StoredOAuth2Token | null> {
    const rows = await this.sql.rows<OAuth2TokenRow>(FIND_OAUTH2_TOKEN, [subscriptionId]);
    return rows[0] ? toStoredToken(rows[0]) : null;
  }

  async refreshToken<T>(
    subscriptionId: string,
    work: (current: StoredOAuth2Token | null) => Promise<OAuth2TokenRefresh<T>>,
    waitMs: number,
  ): Promise<T> {
    return this.sql.transaction(async (rows) => {
      await rows(OAUTH2_LOCK_TIMEOUT, [`${Math.max(1, Math.round(waitMs))}ms`]);
      await rows(LOCK_OAUTH2_TOKEN, [subscriptionId]);
      const [current] = await rows<OAuth2TokenRow>(FIND_OAUTH2_TOKEN, [subscriptionId]);
      const { store, result } = await work(current ? toStoredToken(current) : null);
      if (store)
        await rows(UPSERT_OAUTH2_TOKEN, [
          store.subscriptionId,
          store.fingerprint,
          store.ciphertext,
          store.fetchedAt.toISOString(),
          store.expiresAt.toISOString(),
        ]);
      return result;
    });
  }

  async deleteToken(subscriptionId: string, ciphertext: string): Promise<void> {
    await this.sql.run(DELETE_OAUTH2_TOKEN, [subscriptionId, ciphertext]);
  }
}

function toStoredToken(row: OAuth2TokenRow): StoredOAuth2Token {
  return {
    subscriptionId: row.subscription_id,
    fingerprint: row.fingerprint,
    ciphertext: row.token,
    fetchedAt: new Date(row.fetched_at),
    expiresAt: new Date(row.expires_at),
  };
}
