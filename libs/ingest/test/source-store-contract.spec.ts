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
  it('lists the sources holding ciphertexts not under the newest key, and swaps only those still stored', async () => {
    const current = 'v2.n_w.';
    const expiresAt = new Date('2026-12-02T10:00:00.000Z');
    const [upToDate, mixed] = [
      source({ secrets: [{ ciphertext: 'v2.n_w.1', expiresAt: null }] }),
      source({
        workspace: null,
        secrets: [
          { ciphertext: 'v2.n_w.2', expiresAt: null },
          { ciphertext: 'v2.nXw.a', expiresAt },
        ],
      }),
    ];
    const legacy = source({ secrets: [{ ciphertext: 'v1.legacy', expiresAt: null }] });
    for (const s of [upToDate, mixed, legacy]) await store.create(s);
    const mine = (rows: { id: string }[]) =>
      rows.filter((row) => [upToDate.id, mixed.id, legacy.id].includes(row.id));

    const query = { currentPrefix: current, after: null, limit: 1000 };
    expect(mine(await store.listStaleCiphertexts(query))).toEqual([
      { id: mixed.id, ciphertexts: ['v2.nXw.a'] },
      { id: legacy.id, ciphertexts: ['v1.legacy'] },
    ]);
    expect(await store.listStaleCiphertexts({ ...query, after: mixed.id, limit: 1 })).toEqual([
      { id: legacy.id, ciphertexts: ['v1.legacy'] },
    ]);

    const replaced = await store.replaceCiphertexts([
      { id: mixed.id, from: 'v2.nXw.a', to: 'v2.n_w.a' },
      { id: legacy.id, from: 'v1.gone', to: 'v2.n_w.gone' },
    ]);
    expect(replaced).toBe(1);
    expect(await store.findById(mixed.id)).toEqual({
      ...mixed,
      secrets: [
        { ciphertext: 'v2.n_w.2', expiresAt: null },
        { ciphertext: 'v2.n_w.a', expiresAt },
      ],
    });
    expect(mine(await store.listStaleCiphertexts(query)).map((row) => row.id)).toEqual([legacy.id]);
  });
});
