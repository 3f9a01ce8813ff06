import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { newId } from '@org/common';
import type { NewInboundEvent } from '@org/ingest';
import { IngestEntities, MikroOrmIngestStore } from '@org/ingest/mikro-orm';
import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { createMigratedDatabase, type TestDatabase } from './support/test-stores.js';

// What only the PostgreSQL store does: concurrent saves grouped into shared statements (group
// commit), and the insert bound by the pg driver, with a fallback when MikroORM owns no pg pool.

const T0 = new Date('2026-03-01T12:00:00.000Z');
let sequence = 0;

function draft(overrides: Partial<NewInboundEvent> = {}): NewInboundEvent {
  sequence += 1;
  return {
    id: newId('iev'),
    source: 'stripe',
    workspace: null,
    sourceType: null,
    type: 'payment_intent.succeeded',
    externalId: `evt_${sequence}`,
    payload: { n: sequence, text: `it's "quoted" \\ $1 ?` },
    rawBody: `{"n":${sequence}}`,
    headers: { 'content-type': 'application/json' },
    receivedAt: T0,
    ...overrides,
  };
}

describe('MikroOrmIngestStore: concurrent saves', () => {
  let database: TestDatabase;
  let store: MikroOrmIngestStore;
  const rows = async () =>
    database.em
      .fork()
      .execute<{ id: string; source: string; external_id: string; tx: string }[]>(
        'select "id", "source", "external_id", xmin::text as tx from "ingest_event"',
      );

  beforeAll(async () => {
    database = await createMigratedDatabase();
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.em.fork().execute('truncate "ingest_event"');
    store = new MikroOrmIngestStore(database.em);
  });

  it('groups calls made at once into a few statements, each answered once its events are stored', async () => {
    // 60 calls, 10 of them repeating an earlier call's event id.
    const calls = Array.from({ length: 60 }, (_, i) => draft({ externalId: `evt_group_${i % 50}` }));
    const answers = await Promise.all(
      calls.map(async (event) => {
        const [outcome] = await store.saveReceived([event]);
        // Read at once, on another connection: the row must already be committed.
        return { event, outcome, storedNow: await store.findById(outcome.id) };
      }),
    );

    expect(answers.every((answer) => answer.storedNow !== null)).toBe(true);
    const stored = await rows();
    expect(stored).toHaveLength(50);
    for (let i = 0; i < 50; i++) {
      const pair = answers.filter((answer) => answer.event.externalId === `evt_group_${i}`);
      const row = stored.find((r) => r.external_id === `evt_group_${i}`)!;
      // Exactly one call of each pair stored it; every call answers with the stored row's id.
      expect(pair.filter((answer) => !answer.outcome.duplicate)).toHaveLength(1);
      expect(pair.every((answer) => answer.outcome.id === row.id)).toBe(true);
    }
    // Rows inserted by one statement share its transaction id: the first call leaves at once, and
    // the other 59 queue behind it and leave together (at most 100 events per statement).
    expect(new Set(stored.map((row) => row.tx)).size).toBeLessThanOrEqual(3);
  });

  it('keeps a failing call from failing the calls grouped with it', async () => {
    const good = Array.from({ length: 12 }, () => draft());
    // Longer than the source column (varchar 63): the statement holding it fails.
    const bad = draft({ source: 's'.repeat(64) });
    const settled = await Promise.allSettled(
      [...good.slice(0, 6), bad, ...good.slice(6)].map((event) => store.saveReceived([event])),
    );

    expect(settled[6].status).toBe('rejected');
    const answered = settled.filter((result) => result.status === 'fulfilled');
    expect(answered.map((result) => result.value)).toEqual(good.map((e) => [{ id: e.id, duplicate: false }]));
    expect((await rows()).map((row) => row.id).sort()).toEqual(good.map((e) => e.id).sort());
  });

  it('stores a call larger than one statement allows on its own', async () => {
    const events = Array.from({ length: 150 }, () => draft());
    const outcomes = await store.saveReceived(events);
    expect(outcomes).toEqual(events.map((e) => ({ id: e.id, duplicate: false })));
    expect(await rows()).toHaveLength(150);
  });
});

describe('MikroOrmIngestStore: MikroORM given a ready-made Kysely dialect (no pg pool of its own)', () => {
  let database: TestDatabase;
  let orm: MikroORM;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await createMigratedDatabase();
    const url = database.orm.config.get('clientUrl')!;
    pool = new pg.Pool({ connectionString: url, max: 4 });
    // An idle connection the pool is still closing when the test database is dropped (with FORCE)
    // is terminated by the server, which pg reports as an 'error' of the pool: without a listener,
    // an unhandled error that fails the run. A query's own error still reaches its caller.
    pool.on('error', () => undefined);
    orm = await MikroORM.init({
      clientUrl: url,
      entities: [...IngestEntities],
      driverOptions: new PostgresDialect({ pool }),
      allowGlobalContext: false,
      debug: false,
    });
  });
  afterAll(async () => {
    await orm.close(true);
    await database.close();
  });

  it('stores through MikroORM instead, with the same outcomes and values', async () => {
    const store = new MikroOrmIngestStore(orm.em);
    const first = draft({ externalId: 'evt_dialect' });
    const again = draft({ externalId: 'evt_dialect' });
    const other = draft();
    expect(await store.saveReceived([first, again, other])).toEqual([
      { id: first.id, duplicate: false },
      { id: first.id, duplicate: true },
      { id: other.id, duplicate: false },
    ]);
    expect(await store.findById(other.id)).toMatchObject({ payload: other.payload, rawBody: other.rawBody });
  });
});
