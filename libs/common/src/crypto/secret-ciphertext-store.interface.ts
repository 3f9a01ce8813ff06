/** The stored ciphertexts of one row (a subscription, a source) that are not under the newest key. */
export interface StaleCiphertexts {
  /** The row's id. */
  id: string;
  /** Its ciphertexts without the newest key's prefix, in stored order. */
  ciphertexts: string[];
}

/** What {@link SecretCiphertextStore.listStaleCiphertexts} takes. */
export interface StaleCiphertextQuery {
  /** `SecretCipher.currentPrefix`: ciphertexts starting with it are already under the newest key. */
  currentPrefix: string;
  /** Only rows with a greater id (the previous batch's last); `null` from the start. */
  after: string | null;
  limit: number;
}

/** One ciphertext of row `id` to swap for the same secret under the newest key. */
export interface CiphertextReplacement {
  id: string;
  from: string;
  to: string;
}

/**
 * The part of a store of encrypted secrets that key rotation and the start-up check need. Both
 * libraries' stores of secrets (subscriptions, inbound sources) implement it.
 */
export interface SecretCiphertextStore {
  /**
   * Rows holding a ciphertext that does not start with `currentPrefix`, ids ascending after `after`,
   * at most `limit`; rows whose secrets are all current are skipped by the store itself, so a
   * resumed rotation does not read them back.
   */
  listStaleCiphertexts(query: StaleCiphertextQuery): Promise<StaleCiphertexts[]>;
  /**
   * Replaces each `from` by its `to` in row `id` where `from` is still stored, in one write; other
   * secrets of the row (rotated over the API meanwhile) and every other column stay as they are, so
   * re-encryption never undoes a concurrent change. Returns how many ciphertexts were replaced.
   */
  replaceCiphertexts(replacements: readonly CiphertextReplacement[]): Promise<number>;
}
