import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { COMMON_MESSAGES } from '../common.messages.js';
import { UndecryptableSecretError } from './undecryptable-secret.error.js';

/** The format the previous release wrote: `v1.<nonce>.<tag>.<ciphertext>`, no key id. */
const LEGACY_VERSION = 'v1';
/** The format written now: `v2.<key id>.<nonce>.<tag>.<ciphertext>`. */
const VERSION = 'v2';
/** Bytes of the key id: enough to tell a handful of ring keys apart, too few to say anything about a key. */
const KEY_ID_BYTES = 6;

/** One key of the ring and the id its ciphertexts carry. */
interface RingKey {
  id: string;
  key: Buffer;
}

/**
 * Encrypts secrets at rest (subscription and inbound source secrets) with AES-256-GCM under a key
 * ring, newest key first: the first key encrypts, every key decrypts, so the key can be changed
 * without downtime (instances run with `new,old` while stored secrets are re-encrypted, then with
 * `new` alone). Each secret gets a fresh 12-byte nonce, and the GCM tag makes a tampered ciphertext
 * fail rather than yield a wrong secret.
 *
 * Format: `v2.<key id>.<nonce>.<tag>.<ciphertext>` (base64url parts). The key id (a truncated HMAC of
 * the key, never the key) says which key opens it, so re-encryption recognises secrets already under
 * the newest key, and it is bound to the ciphertext as GCM additional data. `v1.<nonce>.<tag>.<ciphertext>`
 * (the previous release, no key id) is still read: every key of the ring is tried.
 */
export class SecretCipher {
  private readonly ring: readonly RingKey[];

  /**
   * @param keys one 32-byte key, or the ring newest first.
   * @throws Error when the ring is empty, a key is not 32 bytes, or a key is given twice.
   */
  constructor(keys: Buffer | readonly Buffer[]) {
    const list = Buffer.isBuffer(keys) ? [keys] : [...keys];
    if (list.length === 0) throw new Error(COMMON_MESSAGES.emptyKeyRing);
    this.ring = list.map((key, index) => {
      if (key.length !== 32) throw new Error(COMMON_MESSAGES.keyLength(index, key.length));
      return { id: keyId(key), key };
    });
    const ids = this.ring.map((entry) => entry.id);
    const repeated = ids.findIndex((id, index) => ids.indexOf(id) !== index);
    if (repeated >= 0) throw new Error(COMMON_MESSAGES.repeatedKey(repeated, ids.indexOf(ids[repeated])));
  }

  /**
   * What every ciphertext made by {@link encrypt} starts with: stored secrets without it were
   * written under an older key (or by the previous release) and are due for re-encryption.
   */
  get currentPrefix(): string {
    return `${VERSION}.${this.ring[0].id}.`;
  }

  /** Encrypts a plain secret under the newest key. */
  encrypt(plain: string): string {
    const { id, key } = this.ring[0];
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}.${id}`));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      VERSION,
      id,
      ...[nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url')),
    ].join('.');
  }

  /**
   * Decrypts a value made by {@link encrypt} under any key of the ring, or by the previous release.
   * @throws UndecryptableSecretError when no key of the ring opens it (or it was altered); its
   *   message never carries the cipher's own text, so it is safe to show.
   */
  decrypt(ciphertext: string): string {
    const parts = ciphertext.split('.');
    if (parts[0] === VERSION && parts.length === 5) {
      const [, id, nonce, tag, body] = parts;
      const entry = this.ring.find((candidate) => candidate.id === id);
      if (!entry) throw new UndecryptableSecretError(COMMON_MESSAGES.keyNotInRing);
      return open(entry.key, nonce, tag, body, Buffer.from(`${VERSION}.${id}`));
    }
    if (parts[0] === LEGACY_VERSION && parts.length === 4) {
      const [, nonce, tag, body] = parts;
      let failure: unknown;
      for (const { key } of this.ring) {
        try {
          return open(key, nonce, tag, body, null);
        } catch (error) {
          failure = error;
        }
      }
      throw new UndecryptableSecretError(COMMON_MESSAGES.keyNotInRing, failure);
    }
    throw new UndecryptableSecretError(COMMON_MESSAGES.unrecognisedCiphertext);
  }

  /** True when `ciphertext` is already under the newest key: re-encryption skips it. */
  isCurrent(ciphertext: string): boolean {
    return ciphertext.startsWith(this.currentPrefix);
  }

  /**
   * The same secret under the newest key (unchanged when it already is).
   * @throws UndecryptableSecretError when no key of the ring opens it.
   */
  reencrypt(ciphertext: string): string {
    return this.isCurrent(ciphertext) ? ciphertext : this.encrypt(this.decrypt(ciphertext));
  }
}

/**
 * Opens one AES-256-GCM ciphertext.
 * @throws UndecryptableSecretError wrapping the cipher's error (kept as `cause`, never in the message).
 */
function open(key: Buffer, nonce: string, tag: string, body: string, aad: Buffer | null): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
    if (aad) decipher.setAAD(aad);
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw new UndecryptableSecretError(COMMON_MESSAGES.keyNotInRing, error);
  }
}

/** The id a key's ciphertexts carry: a truncated HMAC of a fixed label, so it reveals nothing of the key. */
function keyId(key: Buffer): string {
  return createHmac('sha256', key)
    .update('org/secret-cipher/key-id')
    .digest()
    .subarray(0, KEY_ID_BYTES)
    .toString('base64url');
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
  if (key.length !== 32) throw new Error(COMMON_MESSAGES.keyForm);
  return key;
}

/**
 * Reads a key ring given as comma-separated keys, newest first (`WEBHOOKS_SECRET_KEYS=new,old`).
 * @throws Error naming the position of the first bad key (`key 2 of 3 must be 32 bytes, …`), an
 *   empty entry, or a key given twice.
 */
export function parseSecretKeyRing(value: string): Buffer[] {
  const entries = value.split(',').map((entry) => entry.trim());
  const keys = entries.map((entry, index) => {
    if (entry === '') throw new Error(COMMON_MESSAGES.emptyRingEntry(index, entries.length));
    try {
      return parseSecretKey(entry);
    } catch (error) {
      throw new Error(`key ${index + 1} of ${entries.length} ${(error as Error).message}`, { cause: error });
    }
  });
  const repeated = keys.findIndex((key, index) => keys.findIndex((other) => other.equals(key)) !== index);
  if (repeated >= 0)
    throw new Error(
      COMMON_MESSAGES.repeatedKey(
        repeated,
        keys.findIndex((k) => k.equals(keys[repeated])),
      ),
    );
  return keys;
}
