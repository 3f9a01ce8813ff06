import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { WebhooksService } from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';
import { startDeliveryApp, type DeliveryApp } from './support/delivery-app.js';

/**
 * Holds a publisher's transaction open for `ms`: random commit order is what this race test is
 * about. Not a wait for the engine; the fan-out loops end on a condition (every publisher done).
 */
// not-a-wait: the publishers' interleaving, the subject of the test.
const hold = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
    db = await createMigratedTestOrm();
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
    let publishing = true;

    const publisher = async (p: number): Promise<void> => {
      await db.orm.em.fork().transactional(async (em: EntityManager) => {
        for (let i = 0; i < EVENTS_EACH; i++) {
          await webhooks.publish(i % 2 ? 'deal.won' : 'contact.created', { p, i }, { em });
          if (Math.random() < 0.1) await hold(Math.random() * 20);
        }
        // Commit late and in random order: these ids are older than ones already fanned out.
        await hold(Math.random() * 200);
      });
    };
    const rolledBack = db.orm.em
      .fork()
      .transactional(async (em: EntityManager) => {
        await webhooks.publish('deal.won', { doomed: true }, { em });
        await hold(50);
        throw new Error('business change failed');
      })
      .catch(() => undefined);
    const fanOutLoop = async (deliveries: typeof store): Promise<void> => {
      for (;;) {
        const taken = await deliveries.fanOutEvents({ limit: 25, now: new Date() });
        if (taken > 0) continue;
        // Nothing visible: done only once every publisher has committed (or rolled back).
        if (!publishing) return;
        await hold(5); // a busy loop's breath, until the publishers are done
      }
    };

    const loops = [fanOutLoop(store), fanOutLoop(other)];
    await Promise.all([...Array.from({ length: PUBLISHERS }, (_, p) => publisher(p)), rolledBack]);
    publishing = false;
    await Promise.all(loops);

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
