import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { SubscriptionStore } from '../../src/storage/subscription-store.interface.js';
import { aSubscription, insertOne } from './contract-fixtures.js';
import type { StorageHarness, StorageUnderTest } from './storage-harness.js';

/** The behaviour every {@link SubscriptionStore} adapter must have. */
export function describeSubscriptionStoreContract(harness: StorageHarness): void {
  describe('SubscriptionStore contract', () => {
    let under: StorageUnderTest;
    let store: SubscriptionStore;
    const now = new Date('2026-03-17T08:00:00.000Z');

    beforeAll(async () => {
      under = await harness.create();
      store = under.storage.subscriptions;
    });
    beforeEach(async () => under.reset());
    afterAll(async () => under.close());

    it('stores a record and reads it back unchanged, as a copy', async () => {
      const record = aSubscription({
        workspace: 'acme',
        lastDeliveredAt: new Date('2026-03-16T11:55:00.000Z'),
      });
      await store.insertSubscription(record);
      const found = await store.findSubscription(record.id, 'acme');
      expect(found).toEqual(record);
      found!.metadata.team = 'changed';
      found!.eventTypes.push('x');
      expect(await store.findSubscription(record.id, 'acme')).toEqual(record);
    });

    it('stores, replaces and removes the OAuth2 grant', async () => {
      const oauth2 = {
        tokenUrl: 'https://auth.example.com/oauth/token',
        clientId: 'sender',
        scope: 'webhooks:receive',
        audience: null,
      };
      const record = aSubscription({ oauth2 });
      await store.insertSubscription(record);
      expect((await store.findSubscription(record.id, null))?.oauth2).toEqual(oauth2);
      const replaced = { ...oauth2, scope: null, audience: 'https://api.example.com' };
      await store.updateSubscription(record.id, null, { oauth2: replaced }, now);
      expect((await store.findSubscription(record.id, null))?.oauth2).toEqual(replaced);
      await store.updateSubscription(record.id, null, { oauth2: null }, now);
      expect((await store.findSubscription(record.id, null))?.oauth2).toBeNull();
    });

    it('stores a client certificate, patches and removes it, and lists live ones by expiry', async () => {
      const tls = (expiresAt: string, fingerprintSha256: string) => ({
        cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
        ca: null,
        expiresAt: new Date(expiresAt),
        subject: 'CN=acme-sender',
        fingerprintSha256,
      });
      const later = aSubscription({ workspace: 'acme', tls: tls('2027-06-01T00:00:00.000Z', 'AA:01') });
      const sooner = aSubscription({
        workspace: null,
        tls: { ...tls('2027-01-01T00:00:00.000Z', 'BB:02'), ca: 'CA PEM' },
      });
      const none = aSubscription();
      const deleted = aSubscription({ tls: tls('2026-12-01T00:00:00.000Z', 'CC:03') });
      for (const record of [later, sooner, none, deleted]) await store.insertSubscription(record);
      await store.deleteSubscription(deleted.id, null, now);
      expect(await store.findSubscription(sooner.id, null)).toEqual(sooner);

      expect(await store.listClientCertificates(10)).toEqual([
        {
          subscriptionId: sooner.id,
          workspace: null,
          name: sooner.name,
          url: sooner.url,
          expiresAt: new Date('2027-01-01T00:00:00.000Z'),
          fingerprintSha256: 'BB:02',
        },
        expect.objectContaining({ subscriptionId: later.id, workspace: 'acme', fingerprintSha256: 'AA:01' }),
      ]);
      expect((await store.listClientCertificates(1)).map((c) => c.subscriptionId)).toEqual([sooner.id]);

      const replaced = tls('2028-01-01T00:00:00.000Z', 'DD:04');
      expect((await store.updateSubscription(sooner.id, null, { tls: replaced }, now))?.tls).toEqual(
        replaced,
      );
      expect((await store.updateSubscription(later.id, null, { tls: null }, now))?.tls).toBeNull();
      expect(await store.listClientCertificates(10)).toEqual([
        expect.objectContaining({
          subscriptionId: sooner.id,
          expiresAt: replaced.expiresAt,
          fingerprintSha256: 'DD:04',
        }),
      ]);
    });

    it('hides other workspaces; a null scope sees every workspace', async () => {
      const mine = aSubscription({ workspace: 'acme' });
      const theirs = aSubscription({ workspace: 'globex' });
      const unbound = aSubscription({ workspace: null });
      for (const record of [mine, theirs, unbound]) await store.insertSubscription(record);
      expect(await store.findSubscription(theirs.id, 'acme')).toBeNull();
      expect(await store.findSubscription(unbound.id, 'acme')).toBeNull();
      expect((await store.findSubscription(theirs.id, null))?.id).toBe(theirs.id);
      const acme = await store.listSubscriptions({ scope: 'acme', limit: 10 });
      expect(acme.map((s) => s.id)).toEqual([mine.id]);
      const all = await store.listSubscriptions({ scope: null, limit: 10 });
      expect(all.map((s) => s.id)).toEqual([mine.id, theirs.id, unbound.id]);
    });

    it('lists in id order, strictly after the cursor, at most limit rows, filtered by status', async () => {
      const records = Array.from({ length: 7 }, (_, i) =>
        aSubscription({ status: i % 3 === 0 ? 'paused' : 'active' }),
      );
      // Inserted out of order: the listing orders by id, not by insertion.
      for (const record of [...records].reverse()) await store.insertSubscription(record);
      const ids = records.map((r) => r.id);
      expect((await store.listSubscriptions({ scope: null, limit: 3 })).map((s) => s.id)).toEqual(
        ids.slice(0, 3),
      );
      expect(
        (await store.listSubscriptions({ scope: null, after: ids[2], limit: 3 })).map((s) => s.id),
      ).toEqual(ids.slice(3, 6));
      expect(await store.listSubscriptions({ scope: null, after: ids[6], limit: 3 })).toEqual([]);
      const paused = await store.listSubscriptions({ scope: null, status: 'paused', limit: 10 });
      expect(paused.map((s) => s.id)).toEqual([ids[0], ids[3], ids[6]]);
    });

    it('updates only the fields given, stamps updatedAt, and can clear nullable fields', async () => {
      const record = aSubscription({
        workspace: 'acme',
        failureCount: 5,
        status: 'disabled',
        disabledReason: '20 failures',
      });
      await store.insertSubscription(record);
      const secrets = [
        { ciphertext: 'v1.new', createdAt: now, expiresAt: null },
        {
          ciphertext: 'v1.old',
          createdAt: record.createdAt,
          expiresAt: new Date('2026-03-18T08:00:00.000Z'),
        },
      ];
      const updated = await store.updateSubscription(
        record.id,
        'acme',
        {
          status: 'active',
          failureCount: 0,
          disabledReason: null,
          description: null,
          eventTypes: ['*'],
          metadata: {},
          secrets,
          name: undefined,
        },
        now,
      );
      const expected = {
        ...record,
        status: 'active',
        failureCount: 0,
        disabledReason: null,
        description: null,
        eventTypes: ['*'],
        metadata: {},
        secrets,
        updatedAt: now,
      };
      expect(updated).toEqual(expected);
      expect(await store.findSubscription(record.id, 'acme')).toEqual(expected);
    });

    it('does not update what the scope cannot see', async () => {
      const record = aSubscription({ workspace: 'acme' });
      await store.insertSubscription(record);
      expect(await store.updateSubscription(record.id, 'globex', { name: 'stolen' }, now)).toBeNull();
      expect(await store.updateSubscription(newId('whk'), null, { name: 'ghost' }, now)).toBeNull();
      expect((await store.findSubscription(record.id, null))?.name).toBe(record.name);
    });

    it('lists the rows holding ciphertexts not under the newest key, and swaps only those still stored', async () => {
      // `_` in the prefix: a LIKE pattern would take it as a wildcard and miss `v2.nXw.…`.
      const current = 'v2.n_w.';
      const at = new Date('2026-03-16T12:00:00.000Z');
      const expiresAt = new Date('2026-03-17T12:00:00.000Z');
      const secret = (ciphertext: string, expires: Date | null = null) => ({
        ciphertext,
        createdAt: at,
        expiresAt: expires,
      });
      const [upToDate, mixed, older, deleted] = [
        aSubscription({ secrets: [secret('v2.n_w.1')] }),
        aSubscription({
          secrets: [secret('v2.n_w.2'), secret('v2.nXw.a', expiresAt)],
          credentials: [{ use: 'header', name: 'X-Api-Key', ciphertext: 'v2.old.h' }],
        }),
        aSubscription({ workspace: 'acme', secrets: [secret('v1.legacy'), secret('v2.old.b', expiresAt)] }),
        aSubscription({
          secrets: [secret('v2.old.c')],
          credentials: [{ use: 'tls_client_key', ciphertext: 'v2.old.k' }],
        }),
      ].sort((a, b) => (a.id < b.id ? -1 : 1));
      for (const record of [upToDate, mixed, older, deleted]) await store.insertSubscription(record);
      await store.deleteSubscription(deleted.id, null, now);

      const query = { currentPrefix: current, after: null, limit: 10 };
      const stale = await store.listStaleCiphertexts(query);
      // Credentials count like secrets; the deleted row's (`v2.old.k`) were erased with it.
      expect(stale).toEqual([
        { id: mixed.id, ciphertexts: ['v2.nXw.a', 'v2.old.h'] },
        { id: older.id, ciphertexts: ['v1.legacy', 'v2.old.b'] },
      ]);
      expect(await store.listStaleCiphertexts({ ...query, limit: 1 })).toEqual([stale[0]]);
      expect(await store.listStaleCiphertexts({ ...query, after: mixed.id })).toEqual([stale[1]]);

      const replaced = await store.replaceCiphertexts([
        { id: mixed.id, from: 'v2.nXw.a', to: 'v2.n_w.a' },
        { id: older.id, from: 'v1.legacy', to: 'v2.n_w.legacy' },
        { id: mixed.id, from: 'v2.old.h', to: 'v2.n_w.h' },
        // Rotated away meanwhile: nothing to swap.
        { id: older.id, from: 'v1.gone', to: 'v2.n_w.gone' },
      ]);
      expect(replaced).toBe(3);
      expect((await store.findSubscription(older.id, null))!).toEqual({
        ...older,
        secrets: [secret('v2.n_w.legacy'), secret('v2.old.b', expiresAt)],
      });
      const mixedAfter = (await store.findSubscription(mixed.id, null))!;
      expect(mixedAfter.secrets).toEqual([secret('v2.n_w.2'), secret('v2.n_w.a', expiresAt)]);
      expect(mixedAfter.credentials).toEqual([{ use: 'header', name: 'X-Api-Key', ciphertext: 'v2.n_w.h' }]);
      expect(await store.listStaleCiphertexts(query)).toEqual([{ id: older.id, ciphertexts: ['v2.old.b'] }]);
    });

    it('deletes: gone from every method, pending attempts cancelled, finished ones kept', async () => {
      const record = aSubscription({ workspace: 'acme' });
      const other = aSubscription({ workspace: 'acme' });
      await store.insertSubscription(record);
      await store.insertSubscription(other);
      const event = await insertOne(under.storage.events, {
        id: newId('evt'),
        workspace: 'acme',
        type: 'contact.created',
        payload: '{}',
        idempotencyKey: null,
        createdAt: now,
      });
      const attempt = (id: string, subscriptionId: string) =>
        under.plantAttempt({
          id,
          subscriptionId,
          eventId: event.event.id,
          eventType: 'contact.created',
          workspace: 'acme',
          nextAttemptAt: now,
        });
      const [pending, otherPending] = [newId('whd'), newId('whd')];
      await attempt(pending, record.id);
      await attempt(otherPending, other.id);

      expect(await store.deleteSubscription(record.id, 'globex', now)).toBe(false);
      expect(await under.storedSecretCount(record.id)).toBe(record.secrets.length);
      expect(await store.deleteSubscription(record.id, 'acme', now)).toBe(true);
      // The row stays (soft delete) but its encrypted secrets are erased.
      expect(await under.storedSecretCount(record.id)).toBe(0);
      expect(await store.findSubscription(record.id, null)).toBeNull();
      expect((await store.listSubscriptions({ scope: null, limit: 10 })).map((s) => s.id)).toEqual([
        other.id,
      ]);
      expect(await store.updateSubscription(record.id, null, { name: 'zombie' }, now)).toBeNull();
      expect(await store.deleteSubscription(record.id, null, now)).toBe(false);
      expect(await under.attemptStatuses(record.id)).toEqual({ [pending]: 'cancelled' });
      expect(await under.attemptStatuses(other.id)).toEqual({ [otherPending]: 'pending' });
      expect(await under.storedSecretCount(other.id)).toBe(other.secrets.length);
    });
  });
}
