import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WebhooksService } from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';
import { startDeliveryApp, type DeliveryApp } from './support/delivery-app.js';

/**
 * A transaction that has written its events and waits for the test to let it finish: the test picks
 * the commit order, so ids assigned early commit late, with no timer deciding who goes first.
 */
interface HeldTransaction {
  /** Resolves once every event of the transaction is written (not yet committed). */
  written: Promise<void>;
  /** Lets the transaction commit (or, for a doomed one, roll back). */
  release(): void;
  /** Settles once it has committed or rolled back. */
  done: Promise<void>;
}

function holdTransaction(
  orm: MikroORM,
  write: (em: EntityManager) => Promise<void>,
  outcome: 'commit' | 'rollback' = 'commit',
): HeldTransaction {
  let written!: () => void;
  let release!: () => void;
  const writtenPromise = new Promise<void>((resolve) => (written = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const done = orm.em
    .fork()
    .transactional(async (em: EntityManager) => {
      await write(em);
      written();
      await released;
      if (outcome === 'rollback') throw new Error('business change failed');
    })
    .catch((error: unknown) => {
      if (outcome === 'commit') throw error;
    });
  return { written: writtenPromise, release, done };
}

/** `items` in a random order (Fisher-Yates). */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

const PUBLISHERS = 20;
const EVENTS_EACH = 50;

async function count(orm: MikroORM, sql: string): Promise<number> {
  const rows = await orm.em.getConnection().execute<{ n: number }[]>(sql);
  return rows[0].n;
}

// Fan-out after commit must neither skip an event whose transaction commits late (ids are assigned
// before commit, so a cursor over ids would) nor fan one out twice when instances race.
describe('fan-out with concurrent publishers (PostgreSQL)', () => {
  let db: TestOrm;
  let app: DeliveryApp;

  beforeAll(async () => {
    // Every publisher's transaction is open at once, beside the two racing fan-outs.
    db = await createMigratedTestOrm({ poolMax: PUBLISHERS + 1 + 2 + 1 });
    app = await startDeliveryApp(new MikroOrmWebhooksStorage(db.orm), { worker: false });
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('fans every committed event out exactly once per matching subscription, and nothing for rolled-back ones', async () => {
    const subscriptions = [
      await app.subscribe({ url: 'https://a.example/hook' }),
      await app.subscribe({ url: 'https://b.example/hook', event_types: ['deal.*'] }),
      await app.subscribe({ url: 'https://c.example/hook', event_types: ['deal.won', 'contact.created'] }),
    ];
    const webhooks = app.app.get(WebhooksService);
    const store = new MikroOrmWebhooksStorage(db.orm).deliveryQueue;
    const other = new MikroOrmWebhooksStorage(db.orm).deliveryQueue; // a second "instance" racing the first

    const publishers = Array.from({ length: PUBLISHERS }, (_, p) =>
      holdTransaction(db.orm, async (em) => {
        for (let i = 0; i < EVENTS_EACH; i++) {
          await webhooks.publish(i % 2 ? 'deal.won' : 'contact.created', { p, i }, { em });
        }
      }),
    );
    const rolledBack = holdTransaction(
      db.orm,
      async (em) => {
        await webhooks.publish('deal.won', { doomed: true }, { em });
      },
      'rollback',
    );
    /** Fans out until a pass finds nothing visible. */
    const fanOut = async (deliveries: typeof store): Promise<void> => {
      while ((await deliveries.fanOutEvents({ limit: 25, now: new Date() })) > 0);
    };
    // Both instances race over what is visible, while a transaction commits.
    const racingFanOut = () => Promise.all([fanOut(store), fanOut(other)]);

    // Every id is assigned before the first commit; then the transactions finish one at a time in a
    // random order, each beside a racing fan-out: these ids are older than ones already fanned out.
    const transactions = [...publishers, rolledBack];
    await Promise.all(transactions.map((transaction) => transaction.written));
    for (const transaction of shuffled(transactions)) {
      transaction.release();
      await Promise.all([transaction.done, racingFanOut()]);
    }
    await racingFanOut();

    const events = PUBLISHERS * EVENTS_EACH;
    expect(await count(db.orm, 'select count(*)::int as n from webhook_event')).toBe(events);
    expect(
      await count(db.orm, 'select count(*)::int as n from webhook_event where fanned_out_at is null'),
    ).toBe(0);
    // a: every event; b: deal.won (half); c: both types.
    expect(await count(db.orm, 'select count(*)::int as n from webhook_delivery')).toBe(
      events + events / 2 + events,
    );
    expect(
      await count(
        db.orm,
        'select count(*)::int as n from (select 1 from webhook_delivery group by event_id, subscription_id having count(*) <> 1) d',
      ),
    ).toBe(0);
    const missing = await count(
      db.orm,
      `select count(*)::int as n from webhook_event e join webhook_subscription s
         on s.event_types && webhooks_type_patterns(e.type)
       where not exists (select 1 from webhook_delivery d where d.event_id = e.id and d.subscription_id = s.id)`,
    );
    expect(missing).toBe(0);
    expect(subscriptions).toHaveLength(3);
  });
});
