import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Receiver } from '@org/receiver';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { openSecondOrm } from './support/second-orm.js';
import { createMigratedTestOrm, runSql, type TestOrm } from './support/pg-test-orm.js';
import { eventually, startDeliveryApp, startReceiver, type DeliveryApp } from './support/delivery-app.js';

const RATE = 20;
const WINDOW_MS = 5_000;

// Per-subscription limits that must hold across instances: two apps, each with its own MikroORM
// and worker, on one PostgreSQL database, delivering to real loopback receivers.
describe('per-subscription limits with two instances on one PostgreSQL database', () => {
  let db: TestOrm;
  let secondOrm: MikroORM;
  let first: DeliveryApp;
  let second: DeliveryApp;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    db = await createMigratedTestOrm();
    secondOrm = await openSecondOrm(db.url);
    const worker = { batchSize: 50, concurrency: 32, leaseMs: 30_000, pollIntervalMs: 200 };
    first = await startDeliveryApp(new MikroOrmWebhooksStorage(db.orm), { worker, requestTimeoutMs: 10_000 });
    second = await startDeliveryApp(new MikroOrmWebhooksStorage(secondOrm), {
      worker,
      requestTimeoutMs: 10_000,
    });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await Promise.all(receivers.map((r) => r.close()));
    await secondOrm?.close(true);
    await db?.close();
  });

  it(`rate_limit: ${RATE} holds at ${RATE} ± 10 % per second over ${WINDOW_MS / 1000} s, counted across both instances`, async () => {
    const endpoint = await startReceiver();
    receivers.push(endpoint);
    await first.subscribe({ url: endpoint.url, rate_limit: RATE, event_types: ['deal.updated'] });
    const claimedBefore = first.worker.stats().claimed + second.worker.stats().claimed;
    const secondBefore = second.worker.stats().claimed;
    // 200 events, from four publishers on both instances: 10 s of work at the limit.
    await Promise.all(
      [first, second, first, second].map(async (app, publisher) => {
        for (let n = 0; n < 50; n++) await app.webhooks.publish('deal.updated', { publisher, n });
      }),
    );
    const published = Date.now();
    await endpoint.waitFor(1);
    // Measure whole seconds once everything is waiting (the limit counts per wall-clock second):
    // while events still trickle in, a second's budget can be spent late and its requests land in
    // the next second beside that one's.
    const start = Math.ceil(published / 1000) * 1000;
    await eventually(
      () => expect(endpoint.requests.at(-1)!.receivedAt.getTime()).toBeGreaterThanOrEqual(start + WINDOW_MS),
      12_000,
    );
    const inWindow = endpoint.requests.filter((r) => {
      const at = r.receivedAt.getTime();
      return at >= start && at < start + WINDOW_MS;
    }).length;
    const perSecond = inWindow / (WINDOW_MS / 1000);
    expect(perSecond).toBeGreaterThanOrEqual(RATE * 0.9);
    expect(perSecond).toBeLessThanOrEqual(RATE * 1.1);
    // Both instances took part.
    expect(second.worker.stats().claimed).toBeGreaterThan(secondBefore);
    expect(first.worker.stats().claimed + second.worker.stats().claimed - claimedBefore).toBeGreaterThan(
      inWindow,
    );
  }, 30_000);

  it('a FIFO subscription gets the events of concurrent publishers on both instances in publish order, one at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const endpoint = await startReceiver({
      respond: () => {
        most = Math.max(most, ++inFlight);
        // not-a-wait: the endpoint's model of its own open request, answered after the same 3 ms.
        setTimeout(() => inFlight--, 3);
        return { delayMs: 3 };
      },
    });
    receivers.push(endpoint);
    await first.subscribe({ url: endpoint.url, ordering: 'fifo', event_types: ['deal.won'] });
    const own: string[][] = [[], [], [], []];
    await Promise.all(
      own.map(async (ids, publisher) => {
        for (let n = 0; n < 25; n++) {
          const app = publisher % 2 ? first : second;
          ids.push((await app.webhooks.publish('deal.won', { publisher, n })).id);
        }
      }),
    );
    const requests = await endpoint.waitFor(100, 30_000);
    const delivered = requests.map((r) => r.eventId!);
    const order = (
      await runSql<{ id: string }>(
        db.orm,
        `select id from webhook_event where type = 'deal.won' order by sequence`,
      )
    ).map((r) => r.id);
    expect(delivered).toEqual(order);
    for (const ids of own) expect(delivered.filter((id) => ids.includes(id))).toEqual(ids);
    expect(most).toBe(1);
  }, 40_000);
});
