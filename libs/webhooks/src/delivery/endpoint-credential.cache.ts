import { LruMap } from '../rules/lru-map.js';
import type { SecretCipher } from '../secrets/secret-cipher.js';

/** Decrypted credentials kept by default. */
const DEFAULT_CAPACITY = 10_000;

/**
 * Decrypted custom header values and client keys of claimed deliveries, by ciphertext (a replaced
 * credential has a new ciphertext, hence a new entry): AES-GCM per attempt and header would be
 * repeated work on the hot path. A small LRU, like `SigningSecretCache`.
 */
export class EndpointCredentialCache {
  private readonly plain: LruMap<string, string>;

  constructor(
    private readonly cipher: SecretCipher,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.plain = new LruMap(capacity);
  }

  /** @throws UndecryptableSecretError when no key of the ring opens it. */
  decrypt(ciphertext: string): string {
    const cached = this.plain.get(ciphertext);
    if (cached !== undefined) return cached;
    const value = this.cipher.decrypt(ciphertext);
    this.plain.set(ciphertext, value);
    return value;
  }
}
