import type {
  OAuth2TokenRefresh,
  OAuth2TokenStore,
  StoredOAuth2Token,
} from '../oauth2-token-store.interface.js';
import { copy, type InMemoryWebhooksState } from './in-memory.state.js';

/**
 * {@link OAuth2TokenStore} over the shared in-memory rows. The lock is a queue of promises per
 * subscription in the state, so module instances sharing one storage object take turns like
 * instances on one database.
 */
export class InMemoryOAuth2TokenStore implements OAuth2TokenStore {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async findToken(subscriptionId: string): Promise<StoredOAuth2Token | null> {
    const row = this.state.oauth2Tokens.get(subscriptionId);
    return row ? copy(row) : null;
  }

  async refreshToken<T>(
    subscriptionId: string,
    work: (current: StoredOAuth2Token | null) => Promise<OAuth2TokenRefresh<T>>,
    waitMs: number,
  ): Promise<T> {
    const { oauth2Locks } = this.state;
    const previous = oauth2Locks.get(subscriptionId) ?? Promise.resolve();
    const turn = waitForTurn(previous, waitMs, subscriptionId).then(async () => {
      const { store, result } = await work(await this.findToken(subscriptionId));
      if (store) this.state.oauth2Tokens.set(subscriptionId, copy(store));
      return result;
    });
    // The next caller waits for the holder and this turn, however they end (a turn that gave up
    // waiting must not let the next one in beside the holder).
    const settled = Promise.allSettled([previous, turn]);
    oauth2Locks.set(subscriptionId, settled);
    void settled.then(() => {
      if (oauth2Locks.get(subscriptionId) === settled) oauth2Locks.delete(subscriptionId);
    });
    return turn;
  }

  async deleteToken(subscriptionId: string, ciphertext: string): Promise<void> {
    if (this.state.oauth2Tokens.get(subscriptionId)?.ciphertext === ciphertext)
      this.state.oauth2Tokens.delete(subscriptionId);
  }
}

/** Resolves when `previous` has ended; rejects when that takes longer than `waitMs`, as PostgreSQL's `lock_timeout`. */
function waitForTurn(previous: Promise<unknown>, waitMs: number, subscriptionId: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the OAuth2 token lock of ${subscriptionId} was not had within ${waitMs} ms`)),
      waitMs,
    );
    void previous.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
