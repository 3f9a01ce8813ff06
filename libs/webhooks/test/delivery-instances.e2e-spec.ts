import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Receiver } from '@org/receiver';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { openSecondOrm } from './support/second-orm.js';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';
import { eventually, startDeliveryApp, startReceiver, type DeliveryApp } from './support/delivery-app.js';

const EVENTS = 500;

// Two app instances, each with its own MikroORM and worker, on one database: every (event,
// subscription) pair must arrive exactly once in normal operation (no crash, no expired lease).
describe('two instances on one PostgreSQL database', () => {
  let db: TestOrm;
  let secondOrm: MikroORM;
  let first: DeliveryApp;
  let second: DeliveryApp;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    db = await createMigratedTestOrm();
    secondOrm = await openSecondOrm(db.url);
    const worker = {
      batchSize: 50,
      concurrency: 32,
      perSubscriptionConcurrency: 8,
      leaseMs: 30_000,
      pollIntervalMs: 200,
    };
    first = await startDeliveryApp(new MikroOrmWebhooksStorage(db.orm), { worker, requestTimeoutMs: 10_000 });
    second = await startDeliveryApp(new MikroOrmWebhooksStorage(secondOrm), {
      worker,
      requestTimeoutMs: 10_000,
    });
    for (let i = 0; i < 3; i++) receivers.push(await startReceiver());
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await secondOrm?.close(true);
    await db?.close();
  });

  it('delivers each event to each subscription exactly once between them', async () => {
    for (const receiver of receivers) await first.subscribe({ url: receiver.url });
    const published = new Set<string>();
    for (let i = 0; i < EVENTS; i++) {
      // Both instances publish; either may fan out and deliver.
      const event = await (i % 2 ? first : second).webhooks.publish('deal.updated', { i });
      published.add(event.id);
    }
    await Promise.all(receivers.map((receiver) => receiver.waitFor(EVENTS, 30_000)));
    // Let any stray duplicate arrive before counting.
    await eventually(async () => {
      const [a, b] = [first.worker.stats(), second.worker.stats()];
      expect(a.succeeded + b.succeeded).toBe(3 * EVENTS);
    }, 10_000);

    for (const receiver of receivers) {
      const ids = receiver.requests.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(EVENTS);
      expect(new Set(ids)).toEqual(published);
      expect(receiver.requests.every((r) => r.verification.signature.status === 'valid')).toBe(true);
    }
    const [a, b] = [first.worker.stats(), second.worker.stats()];
    expect(a.claimed + b.claimed).toBe(3 * EVENTS);
    expect(a.recoveredLeases + b.recoveredLeases).toBe(0);
    expect(a.claimed).toBeGreaterThan(0);
    expect(b.claimed).toBeGreaterThan(0);
  });
});
