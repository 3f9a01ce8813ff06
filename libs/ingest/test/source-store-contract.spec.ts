import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import type { InboundSourceRecord, InboundSourceStore } from '@org/ingest';
import { createTestStore, STORE_KINDS, type TestStore } from './support/test-stores.js';

const T0 = new Date('2026-12-01T10:00:00.000Z');

function source(overrides: Partial<InboundSourceRecord> = {}): InboundSourceRecord {
  return {
    id: newId('src'),
    workspace: 'acme',
    name: 'Acme Stripe',
    type: 'stripe',
    options: { tolerance_seconds: 300 },
    secrets: [{ ciphertext: 'v1.a.b.c', expiresAt: null }],
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

describe.each(STORE_KINDS)('InboundSourceStore contract (%s)', (kind) => {
  let t: TestStore;
  let store: InboundSourceStore;

  beforeAll(async () => {
    t = await createTestStore(kind);
    store = t.sources;
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores a source and finds it by id, unchanged', async () => {
    const created = source({
      secrets: [
        { ciphertext: 'v1.new', expiresAt: null },
        { ciphertext: 'v1.old', expiresAt: new Date('2026-12-02T10:00:00.000Z') },
      ],
    });
    await store.create(created);
    expect(await store.findById(created.id)).toEqual(created);
    expect(await store.findById(newId('src'))).toBeNull();
  });

  it("lists newest first, one workspace's or every workspace's, and pages by id", async () => {
    const acme = [source(), source(), source()];
    const globex = source({ workspace: 'globex' });
    const unbound = source({ workspace: null });
    for (const s of [...acme, globex, unbound]) await store.create(s);

    const acmeIds = (await store.list({ workspace: 'acme', limit: 100 })).map((s) => s.id);
    expect(acmeIds.slice(0, 3)).toEqual(acme.map((s) => s.id).reverse());
    expect(acmeIds).not.toContain(globex.id);
    expect((await store.list({ workspace: null, limit: 100 })).map((s) => s.id)).toEqual([unbound.id]);
    const all = (await store.list({ limit: 100 })).map((s) => s.id);
    expect(all.slice(0, 5)).toEqual([unbound.id, globex.id, ...acme.map((s) => s.id).reverse()]);
    expect((await store.list({ workspace: 'acme', before: acme[2].id, limit: 1 })).map((s) => s.id)).toEqual([
      acme[1].id,
    ]);
  });

  it('updates only what the patch holds, and reports a missing source', async () => {
    const created = source();
    await store.create(created);
    const later = new Date(T0.getTime() + 60_000);
    const secrets = [{ ciphertext: 'v1.rotated', expiresAt: null }];
    const updated = await store.update(created.id, { name: 'Renamed', secrets, updatedAt: later });
    expect(updated).toEqual({ ...created, name: 'Renamed', secrets, updatedAt: later });
    expect(await store.findById(created.id)).toEqual(updated);
    expect(await store.update(newId('src'), { name: 'x', updatedAt: later })).toBeNull();
  });

  it('deletes a source once', async () => {
    const created = source();
    await store.create(created);
    expect(await store.delete(created.id)).toBe(true);
    expect(await store.findById(created.id)).toBeNull();
    expect(await store.delete(created.id)).toBe(false);
  });
});
