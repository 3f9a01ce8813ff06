import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts secrets at rest (subscription and inbound source secrets) with AES-256-GCM: a fresh 12-byte nonce per secret, and the
 * GCM tag so a tampered ciphertext fails to decrypt rather than yielding a wrong secret. Format:
 * `v1.<nonce>.<tag>.<ciphertext>` (base64url parts), versioned so the scheme can change later.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`SecretCipher needs a 32-byte key, got ${key.length} bytes`);
  }

  /** Encrypts a plain secret. */
  encrypt(plain: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, nonce, cipher.getAuthTag(), body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * Decrypts a value made by {@link encrypt}.
   * @throws Error when the value was made with another key or was altered.
   */
  decrypt(ciphertext: string): string {
    const [version, nonce, tag, body] = ciphertext.split('.');
    if (version !== VERSION || !nonce || !tag || body === undefined)
      throw new Error('Unrecognised secret ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * Reads a 32-byte key given as base64 (44 chars) or hex (64 chars).
 * @throws Error naming the expected forms when the value is neither.
 */
export function parseSecretKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error('must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)');
  return key;
}
