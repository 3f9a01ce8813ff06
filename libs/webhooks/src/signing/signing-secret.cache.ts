import type { StoredSecret } from '../interfaces/subscription.interface.js';
import { LruMap } from '../rules/lru-map.js';
import type { SecretCipher } from '../secrets/secret-cipher.js';
import { prepareSigningKeys, type SigningKeys } from './signing-keys.js';

/** Decrypted secrets kept by default: enough for every subscription of a busy instance. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The signing keys of claimed deliveries. AES-GCM decryption per attempt would be the most
 * expensive step of the hot path after the HTTP call, and importing an HMAC key per signature the
 * next, so each secret's prepared {@link SigningKeys} are cached by ciphertext (a rotated or replaced
 * secret has a new ciphertext, hence a new entry) in a small LRU owned by this instance.
 */
export class SigningSecretCache {
  private readonly keys: LruMap<string, SigningKeys>;

  constructor(
    private readonly cipher: SecretCipher,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.keys = new LruMap(capacity);
  }

  /**
   * The keys of the secrets that sign at `now`, newest first: rotated-out ones are dropped once their
   * overlap has ended (`expiresAt <= now`), even before housekeeping removes them from the subscription.
   * @throws Error when a ciphertext was made with another key (the attempt then fails with that reason).
   */
  activeSecrets(stored: readonly StoredSecret[], now: Date): SigningKeys[] {
    const at = now.getTime();
    if (stored.length === 1) {
      // The usual case (no rotation in progress): no filter/sort/map arrays per attempt.
      const only = stored[0];
      return only.expiresAt === null || only.expiresAt.getTime() > at ? [this.keysOf(only.ciphertext)] : [];
    }
    return stored
      .filter((secret) => secret.expiresAt === null || secret.expiresAt.getTime() > at)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((secret) => this.keysOf(secret.ciphertext));
  }

  private keysOf(ciphertext: string): SigningKeys {
    const cached = this.keys.get(ciphertext);
    if (cached !== undefined) return cached;
    const keys = prepareSigningKeys(this.cipher.decrypt(ciphertext));
    this.keys.set(ciphertext, keys);
    return keys;
  }
}
