import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { OAuth2TokenStore, StoredOAuth2Token } from '../../src/storage/oauth2-token-store.interface.js';
import { aSubscription } from './contract-fixtures.js';
import type { StorageHarness, StorageUnderTest } from './storage-harness.js';

const at = new Date('2026-06-01T00:00:00.000Z');
/** How long a refresh may wait for the lock: far more than any turn here takes. */
const WAIT_MS = 10_000;

/** The behaviour every {@link OAuth2TokenStore} adapter must have. */
export function describeOAuth2TokenStoreContract(harness: StorageHarness): void {
  describe('OAuth2TokenStore contract', () => {
    let under: StorageUnderTest;
    let store: OAuth2TokenStore;
    let subscriptionId: string;
    const aToken = (ciphertext: string): StoredOAuth2Token => ({
      subscriptionId,
      fingerprint: 'fp-1',
      ciphertext,
      fetchedAt: at,
      expiresAt: new Date(at.getTime() + 3_600_000),
    });

    beforeAll(async () => {
      under = await harness.create();
      store = under.storage.oauth2Tokens;
    });
    beforeEach(async () => {
      await under.reset();
      const subscription = aSubscription();
      await under.storage.subscriptions.insertSubscription(subscription);
      subscriptionId = subscription.id;
    });
    afterAll(async () => under.close());

    it('stores what a refresh answers and reads it back', async () => {
      expect(await store.findToken(subscriptionId)).toBeNull();
      const result = await store.refreshToken(
        subscriptionId,
        async (current) => {
          expect(current).toBeNull();
          return { store: aToken('v2.k.token-1'), result: 'fetched' };
        },
        WAIT_MS,
      );
      expect(result).toBe('fetched');
      expect(await store.findToken(subscriptionId)).toEqual(aToken('v2.k.token-1'));

      // A refresh that stores nothing leaves the row; one that stores replaces it.
      await store.refreshToken(
        subscriptionId,
        async (current) => {
          expect(current).toEqual(aToken('v2.k.token-1'));
          return { store: null, result: undefined };
        },
        WAIT_MS,
      );
      await store.refreshToken(
        subscriptionId,
        async () => ({ store: aToken('v2.k.token-2'), result: 0 }),
        WAIT_MS,
      );
      expect((await store.findToken(subscriptionId))?.ciphertext).toBe('v2.k.token-2');
    });

    it('runs one refresh of a subscription at a time; the next sees what the first stored', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const seen: (string | null)[] = [];
      let firstInside!: () => void;
      const inside = new Promise<void>((resolve) => (firstInside = resolve));
      const first = store.refreshToken(
        subscriptionId,
        async (current) => {
          seen.push(current?.ciphertext ?? null);
          firstInside();
          await held;
          return { store: aToken('v2.k.first'), result: 'first' };
        },
        WAIT_MS,
      );
      await inside;
      const second = store.refreshToken(
        subscriptionId,
        async (current) => {
          seen.push(current?.ciphertext ?? null);
          return { store: null, result: 'second' };
        },
        WAIT_MS,
      );
      // The second waits for the first's lock; once released it finds the first's token.
      release();
      expect(await Promise.all([first, second])).toEqual(['first', 'second']);
      expect(seen).toEqual([null, 'v2.k.first']);
    });

    it('gives up waiting for the lock after waitMs, the holder keeping it', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const inside = new Promise<void>((resolve) => (holding = resolve));
      const holder = store.refreshToken(
        subscriptionId,
        async () => {
          holding();
          await held;
          return { store: aToken('v2.k.held'), result: 'held' };
        },
        WAIT_MS,
      );
      await inside;
      let ran = false;
      const impatient = store.refreshToken(
        subscriptionId,
        async () => {
          ran = true;
          return { store: null, result: 'impatient' };
        },
        50,
      );
      await expect(impatient).rejects.toThrow();
      expect(ran).toBe(false);
      release();
      expect(await holder).toBe('held');
      expect((await store.findToken(subscriptionId))?.ciphertext).toBe('v2.k.held');
    });

    it('stores nothing when the refresh throws, and frees the lock', async () => {
      await expect(
        store.refreshToken(
          subscriptionId,
          async () => {
            throw new Error('token endpoint down');
          },
          WAIT_MS,
        ),
      ).rejects.toThrow('token endpoint down');
      expect(await store.findToken(subscriptionId)).toBeNull();
      expect(
        await store.refreshToken(
          subscriptionId,
          async () => ({ store: aToken('v2.k.t'), result: 1 }),
          WAIT_MS,
        ),
      ).toBe(1);
    });

    it('forgets the token of a deleted subscription', async () => {
      await store.refreshToken(
        subscriptionId,
        async () => ({ store: aToken('v2.k.t'), result: null }),
        WAIT_MS,
      );
      expect(await under.storage.subscriptions.deleteSubscription(subscriptionId, null, at)).toBe(true);
      expect(await store.findToken(subscriptionId)).toBeNull();
    });

    it('deletes a token only while it is still the stored one', async () => {
      await store.refreshToken(
        subscriptionId,
        async () => ({ store: aToken('v2.k.new'), result: null }),
        WAIT_MS,
      );
      await store.deleteToken(subscriptionId, 'v2.k.old');
      expect((await store.findToken(subscriptionId))?.ciphertext).toBe('v2.k.new');
      await store.deleteToken(subscriptionId, 'v2.k.new');
      expect(await store.findToken(subscriptionId)).toBeNull();
    });
  });
}
