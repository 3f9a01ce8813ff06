import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { EventStore } from '../../src/storage/event-store.interface.js';
import { anEvent, insertOne } from './contract-fixtures.js';
import type { StorageHarness, StorageUnderTest } from './storage-harness.js';

/** The behaviour every {@link EventStore} adapter must have. */
export function describeEventStoreContract(harness: StorageHarness): void {
  describe('EventStore contract', () => {
    let under: StorageUnderTest;
    let store: EventStore;

    beforeAll(async () => {
      under = await harness.create();
      store = under.storage.events;
    });
    beforeEach(async () => under.reset());
    afterAll(async () => under.close());

    it('stores an event and reads back the same record and payload bytes', async () => {
      const event = anEvent({ workspace: 'acme' });
      expect(await insertOne(store, event)).toEqual({ event, created: true });
      expect(await store.findEvent(event.id, 'acme')).toEqual(event);
      expect(await store.findEvent(event.id, null)).toEqual(event);
      expect(await store.findEvent(event.id, 'globex')).toBeNull();
      expect(await store.findEvent(newId('evt'), null)).toBeNull();
    });

    it('keeps one event per idempotency key and workspace, returning the first', async () => {
      const first = anEvent({ workspace: 'acme', idempotencyKey: 'order-42' });
      const repeat = anEvent({ workspace: 'acme', idempotencyKey: 'order-42', type: 'deal.won' });
      expect((await insertOne(store, first)).created).toBe(true);
      expect(await insertOne(store, repeat)).toEqual({ event: first, created: false });
      expect(await store.findEvent(repeat.id, null)).toBeNull();

      // The same key in another workspace, or with no workspace, is another event.
      const elsewhere = anEvent({ workspace: 'globex', idempotencyKey: 'order-42' });
      const unbound = anEvent({ workspace: null, idempotencyKey: 'order-42' });
      expect((await insertOne(store, elsewhere)).created).toBe(true);
      expect((await insertOne(store, unbound)).created).toBe(true);
      expect(await insertOne(store, anEvent({ workspace: null, idempotencyKey: 'order-42' }))).toEqual({
        event: unbound,
        created: false,
      });
      expect(await store.listEvents({ scope: null, limit: 10 })).toHaveLength(3);
    });

    it('never deduplicates events without a key', async () => {
      const one = anEvent();
      const two = anEvent();
      expect((await insertOne(store, one)).created).toBe(true);
      expect((await insertOne(store, two)).created).toBe(true);
      expect((await store.listEvents({ scope: null, limit: 10 })).map((e) => e.id)).toEqual([two.id, one.id]);
    });

    it('lists newest first, strictly before the cursor, by type and scope', async () => {
      const events = Array.from({ length: 6 }, (_, i) =>
        anEvent({ type: i % 2 ? 'deal.won' : 'contact.created', workspace: i < 4 ? 'acme' : 'globex' }),
      );
      for (const event of events) await insertOne(store, event);
      const ids = events.map((e) => e.id).reverse();
      expect((await store.listEvents({ scope: null, limit: 4 })).map((e) => e.id)).toEqual(ids.slice(0, 4));
      expect((await store.listEvents({ scope: null, before: ids[3], limit: 4 })).map((e) => e.id)).toEqual(
        ids.slice(4),
      );
      expect((await store.listEvents({ scope: 'acme', limit: 10 })).map((e) => e.id)).toEqual(ids.slice(2));
      const won = await store.listEvents({ scope: 'acme', type: 'deal.won', limit: 10 });
      expect(won.map((e) => e.id)).toEqual([events[3].id, events[1].id]);
    });
  });
}
