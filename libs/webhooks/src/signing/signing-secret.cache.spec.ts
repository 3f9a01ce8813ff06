import { describe, expect, it } from '@jest/globals';
import { SecretCipher } from '../secrets/secret-cipher.js';
import { SigningSecretCache } from './signing-secret.cache.js';

class CountingCipher extends SecretCipher {
  decrypted = 0;
  override decrypt(ciphertext: string): string {
    this.decrypted++;
    return super.decrypt(ciphertext);
  }
}

describe('SigningSecretCache', () => {
  const now = new Date('2026-03-16T12:00:00Z');
  const cipher = new CountingCipher(Buffer.alloc(32, 1));
  const stored = (plain: string, createdAt: string, expiresAt: string | null) => ({
    ciphertext: cipher.encrypt(plain),
    createdAt: new Date(createdAt),
    expiresAt: expiresAt ? new Date(expiresAt) : null,
  });

  it('signs with the active secrets newest first and drops those whose overlap has ended', () => {
    const cache = new SigningSecretCache(cipher);
    const secrets = [
      stored('oldest-expired', '2026-03-01T00:00:00Z', '2026-03-16T12:00:00Z'), // expiresAt == now: no longer signs
      stored('current', '2026-03-16T11:00:00Z', null),
      stored('previous', '2026-03-10T00:00:00Z', '2026-03-17T00:00:00Z'),
    ];
    const keys = cache.activeSecrets(secrets, now);
    expect(keys.map((k) => k.signature.export().toString('utf8'))).toEqual(['current', 'previous']);
    expect(cache.activeSecrets([secrets[0]], now)).toEqual([]);
    expect(cache.activeSecrets([secrets[1]], now).map((k) => k.signature.export().toString('utf8'))).toEqual([
      'current',
    ]);
  });

  it('keeps the prepared keys of a secret, the Standard Webhooks one decoded from base64', () => {
    const cache = new SigningSecretCache(cipher);
    const plain = `whsec_${Buffer.alloc(24, 5).toString('base64')}`;
    const secret = stored(plain, '2026-03-16T00:00:00Z', null);
    const [first] = cache.activeSecrets([secret], now);
    expect(first.signature.export().toString('utf8')).toBe(plain);
    expect(first.standard.export()).toEqual(Buffer.alloc(24, 5));
    expect(cache.activeSecrets([secret], now)[0]).toBe(first);
  });

  it('decrypts each ciphertext once and evicts the least recently used beyond capacity', () => {
    const cache = new SigningSecretCache(cipher, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((p) => stored(p, '2026-03-16T00:00:00Z', null));
    cipher.decrypted = 0;
    cache.activeSecrets([a], now);
    cache.activeSecrets([b], now);
    cache.activeSecrets([a], now); // hit, and a becomes most recent
    expect(cipher.decrypted).toBe(2);
    cache.activeSecrets([c], now); // evicts b
    cache.activeSecrets([a], now); // still cached
    expect(cipher.decrypted).toBe(3);
    cache.activeSecrets([b], now);
    expect(cipher.decrypted).toBe(4);
  });
});
