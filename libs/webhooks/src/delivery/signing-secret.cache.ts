import type { StoredSecret } from '../interfaces/subscription.interface.js';
import type { SecretCipher } from '../secrets/secret-cipher.js';

/** Decrypted secrets kept by default: enough for every subscription of a busy instance. */
const DEFAULT_CAPACITY = 10_000;

/**
 * The plain signing secrets of claimed deliveries. AES-GCM decryption per attempt would be the most
 * expensive step of the hot path after the HTTP call, so plain secrets are cached by ciphertext
 * (a rotated or replaced secret has a new ciphertext, hence a new entry) in a small LRU.
 */
export class SigningSecretCache {
  private readonly plain = new Map<string, string>();

  constructor(
    private readonly cipher: SecretCipher,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /**
   * The secrets that sign at `now`, newest first: rotated-out ones are dropped once their overlap has
   * ended (`expiresAt <= now`), even before housekeeping removes them from the subscription.
   * @throws Error when a ciphertext was made with another key (the attempt then fails with that reason).
   */
  activeSecrets(stored: readonly StoredSecret[], now: Date): string[] {
    return stored
      .filter((secret) => secret.expiresAt === null || secret.expiresAt.getTime() > now.getTime())
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((secret) => this.decrypt(secret.ciphertext));
  }

  private decrypt(ciphertext: string): string {
    const cached = this.plain.get(ciphertext);
    if (cached !== undefined) {
      // Re-insert so Map order stays least-recently-used first.
      this.plain.delete(ciphertext);
      this.plain.set(ciphertext, cached);
      return cached;
    }
    const secret = this.cipher.decrypt(ciphertext);
    this.plain.set(ciphertext, secret);
    if (this.plain.size > this.capacity) this.plain.delete(this.plain.keys().next().value!);
    return secret;
  }
}
