import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PostgresServer, SqlRunner, type PostgresServerInfo } from '@org/common/sql';
import pg from 'pg';
import { MikroOrmDeliveryQueue } from '../src/mikro-orm/stores/mikro-orm-delivery-queue.store.js';
import { outcome } from './support/contract-fixtures.js';
import { LEASE, pgHarness, T, type DeliveryStorageHarness } from './support/delivery-storage.harness.js';
import { runSql } from './support/pg-test-orm.js';
import type { MikroORM } from '@mikro-orm/postgresql';

// Recording learns a subscription's status from before its update, to publish `webhook.disabled`
// only when this very statement disabled it: PostgreSQL 18 says `RETURNING old.status`, older servers
// lock the subscription first. Both forms run here, whatever the server (the older one is valid on 18
// too), against the race that tells them apart: two batches that each cross the threshold, held on
// the subscription row until both wait, then let go together.

/** The server as it is, except that it says it cannot `RETURNING old` (what 15 to 17 say). */
class BeforeEighteen extends PostgresServer {
  override async read(): Promise<PostgresServerInfo> {
    return { ...(await super.read()), returningOld: false };
  }
}

describe.each([
  ['the form of this server', (orm: MikroORM) => new MikroOrmDeliveryQueue(orm)],
  [
    'the locking form of PostgreSQL 15-17',
    (orm: MikroORM) => new MikroOrmDeliveryQueue(orm, new BeforeEighteen(new SqlRunner(orm.em))),
  ],
])('recording outcomes on PostgreSQL, %s', (_form, createStore) => {
  let h: DeliveryStorageHarness & { orm: MikroORM; url: string };
  beforeEach(async () => {
    h = await pgHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('publishes webhook.disabled once when two concurrent batches both cross the threshold', async () => {
    const store = createStore(h.orm);
    const endpoint = await h.addSubscription({ workspace: 'acme', eventTypes: ['t'] });
    await h.addSubscription({ workspace: 'acme', eventTypes: ['webhook.disabled'] });
    await h.addEvent({ type: 't', workspace: 'acme' });
    await h.addEvent({ type: 't', workspace: 'acme' });
    await store.fanOutEvents({ limit: 10, now: T(1) });
    const [first, second] = await store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });

    // Hold the subscription row, so both batches read it as active and then wait for it.
    const blocker = await holdSubscription(h.url, endpoint.id);
    try {
      const policy = { disableAfterFailures: 1, now: T(3) };
      const recorded = Promise.all([
        store.recordAttempts([outcome(first!, false, T(2))], policy),
        store.recordAttempts([outcome(second!, false, T(2))], policy),
      ]);
      await waitingOnLocks(h.url, 2);
      await blocker.query('commit');
      await recorded;
    } finally {
      await blocker.end();
    }

    expect(await h.subscription(endpoint.id)).toMatchObject({ status: 'disabled', failureCount: 2 });
    const notices = await runSql<{ n: number }>(
      h.orm,
      `select count(*)::int as n from webhook_event where type = 'webhook.disabled'`,
    );
    expect(notices).toEqual([{ n: 1 }]);
  });

  it('records a success while another transaction holds the subscription: the healthy path takes no lock on it', async () => {
    const store = createStore(h.orm);
    // Delivered to within the second: a success now leaves the subscription row alone.
    const endpoint = await h.addSubscription({ eventTypes: ['t'], lastDeliveredAt: T(2) });
    await h.addEvent({ type: 't' });
    await store.fanOutEvents({ limit: 10, now: T(1) });
    const [claim] = await store.claimDueDeliveries({ limit: 10, now: T(1), ...LEASE });

    const blocker = await holdSubscription(h.url, endpoint.id);
    try {
      await store.recordAttempts([outcome(claim!, true, T(2.5))], {
        disableAfterFailures: 1,
        now: T(3),
      });
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    expect((await h.attempts()).find((a) => a.id === claim!.id)).toMatchObject({ status: 'success' });
  });
});

/** A session holding the subscription's row as an update of it would (`FOR NO KEY UPDATE`) until it ends its transaction. */
async function holdSubscription(url: string, id: string): Promise<pg.Client> {
  const blocker = new pg.Client({ connectionString: url });
  await blocker.connect();
  await blocker.query('begin');
  await blocker.query('select 1 from webhook_subscription where id = $1 for no key update', [id]);
  return blocker;
}

/**
 * Resolves once `count` sessions of this database wait on a lock (checked, never slept on). Asked
 * outside the blocker's transaction: `pg_stat_activity` is a snapshot taken once per transaction.
 */
async function waitingOnLocks(url: string, count: number): Promise<void> {
  const observer = new pg.Client({ connectionString: url });
  await observer.connect();
  try {
    for (let tries = 0; tries < 10_000; tries++) {
      const { rows } = await observer.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`fewer than ${count} sessions came to wait on the held subscription`);
  } finally {
    await observer.end();
  }
}
