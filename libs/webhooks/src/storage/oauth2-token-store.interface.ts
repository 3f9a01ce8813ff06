/** A subscription's cached OAuth2 access token, as the stores hold it. */
export interface StoredOAuth2Token {
  subscriptionId: string;
  /**
   * Which OAuth2 configuration issued it (token URL, client id, scope, audience and the stored client
   * secret's ciphertext, hashed): a token of a changed configuration or secret is never used.
   */
  fingerprint: string;
  /** The access token, encrypted with `SecretCipher`; a token no key of the ring opens is a miss. */
  ciphertext: string;
  /** When the token was fetched (the module's clock). */
  fetchedAt: Date;
  /** When the token endpoint said it expires (`expires_in`, or the default lifetime). */
  expiresAt: Date;
}

/**
 * What {@link OAuth2TokenStore.refreshToken}'s work answers: the token to store (replacing the
 * subscription's row; `null` stores nothing) and what the call resolves with.
 */
export interface OAuth2TokenRefresh<T> {
  store: StoredOAuth2Token | null;
  result: T;
}

/**
 * The OAuth2 token cache shared by every instance on one storage, for `OAuth2Tokens` (the only
 * consumer): one token per subscription, fetched by one instance at a time.
 */
export interface OAuth2TokenStore {
  /** The subscription's stored token, or `null`. */
  findToken(subscriptionId: string): Promise<StoredOAuth2Token | null>;
  /**
   * Runs `work` holding the subscription's token lock, which every instance on this storage shares
   * (PostgreSQL: a transaction-scoped advisory lock), with the row as it is under the lock, and stores
   * the token `work` answers before releasing it. So instances on a cold cache fetch one token: the
   * second finds the first's row when its turn comes. `work` bounds how long the lock is held;
   * `waitMs` bounds how long a caller waits for it (the request timeout: waiters behind a failing
   * token endpoint do not queue up for long).
   * @throws whatever `work` throws, nothing stored then; an adapter's error when the lock is not had
   * within `waitMs`.
   */
  refreshToken<T>(
    subscriptionId: string,
    work: (current: StoredOAuth2Token | null) => Promise<OAuth2TokenRefresh<T>>,
    waitMs: number,
  ): Promise<T>;
  /**
   * Removes the subscription's token if it is still the one with `ciphertext` (an endpoint refused
   * it); a token another instance stored meanwhile stays.
   */
  deleteToken(subscriptionId: string, ciphertext: string): Promise<void>;
}

/** Injection token for {@link OAuth2TokenStore}. */
export const OAuth2TokenStore = Symbol('OAuth2TokenStore');
