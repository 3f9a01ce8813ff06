import { describe, expect, it } from '@jest/globals';
import type { StoredSecret } from '../interfaces/subscription.interface.js';
import { MAX_LIVE_SECRETS, rotateSecrets } from './secret-rotation.js';

const DAY = 24 * 60 * 60 * 1000;
const secret = (name: string, createdAt: Date): StoredSecret => ({
  ciphertext: name,
  createdAt,
  expiresAt: null,
});

describe('rotateSecrets', () => {
  it(`keeps at most ${MAX_LIVE_SECRETS} live secrets: further rotations retire the oldest early`, () => {
    const now = new Date('2026-03-16T12:00:00Z');
    let secrets = [secret('s0', now)];
    for (let i = 1; i <= 300; i++) secrets = rotateSecrets(secrets, secret(`s${i}`, now), now, DAY);
    expect(secrets.map((s) => s.ciphertext)).toEqual(['s300', 's299', 's298']);
    expect(secrets[0]!.expiresAt).toBeNull();
    expect(secrets.slice(1).every((s) => s.expiresAt?.getTime() === now.getTime() + DAY)).toBe(true);
  });
});
