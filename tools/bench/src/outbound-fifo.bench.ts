import type { DevDatabase } from '@org/dev-db';
import { type SubscriptionOrdering, type WebhooksWorkerOptions } from '@org/webhooks';
import { DeliveryWorker } from '@org/webhooks/internal';
import type { BenchRow } from './bench.types.js';
import { startLoopbackEndpoints } from './loopback-endpoints.js';
import { countAttempts, inParallel, openScenarioOrm, startWebhooks, subscribe } from './outbound-fixture.js';

const WORKER: WebhooksWorkerOptions = {
  batchSize: 200,
  concurrency: 128,
  perSubscriptionConcurrency: 8,
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
};
const ENDPOINTS = 5;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deliveries per second for `subscriptions` subscriptions of one `ordering`, `events` events each,
 * timed from the worker's start until every success is recorded (as the unordered throughput is).
 */
async function deliveriesPerSecond(
  server: DevDatabase,
  ordering: SubscriptionOrdering,
  subscriptions: number,
  events: number,
): Promise<number> {
  const orm = await openScenarioOrm(server);
  const endpoints = await startLoopbackEndpoints(ENDPOINTS);
  const api = await startWebhooks(orm, { worker: false });
  try {
    await subscribe(api, endpoints.urls, subscriptions, { ordering });
    await inParallel(
      Array.from({ length: events }, (_, i) => i),
      8,
      async (i) => void (await api.webhooks.publish('deal.updated', { i, amount: 1200, currency: 'EUR' })),
    );
    const total = events * subscriptions;
    const started = performance.now();
    const worker = await startWebhooks(orm, { worker: WORKER });
    const dispatcher = worker.app.get(DeliveryWorker);
    while (dispatcher.stats().succeeded < total) await sleep(5);
    while ((await countAttempts(orm, 'success')) < total) await sleep(5);
    const rate = total / ((performance.now() - started) / 1000);
    await worker.close();
    return rate;
  } finally {
    await api.close();
    await endpoints.close();
    await orm.close(true);
  }
}

/**
 * (4) FIFO: one ordered subscription (strictly one request at a time: a round trip per event plus
 * the claim and the record between them) and 100 ordered subscriptions in parallel, each beside
 * the same shape unordered.
 */
export async function fifoThroughput(server: DevDatabase): Promise<BenchRow[]> {
  const oneEvents = 1_000;
  const manyEvents = 50;
  const one = await deliveriesPerSecond(server, 'fifo', 1, oneEvents);
  const oneUnordered = await deliveriesPerSecond(server, 'none', 1, oneEvents);
  const many = await deliveriesPerSecond(server, 'fifo', 100, manyEvents);
  const manyUnordered = await deliveriesPerSecond(server, 'none', 100, manyEvents);
  return [
    {
      chartLabel: 'Deliveries/s, 1 FIFO subscription',
      figure: `Deliveries/s, 1 FIFO subscription (${oneEvents} events, in order, one at a time)`,
      value: one,
      unit: '/s',
      baseline: { label: 'the same subscription unordered', chartLabel: 'unordered', value: oneUnordered },
    },
    {
      chartLabel: 'Deliveries/s, 100 FIFO subscriptions',
      figure: `Deliveries/s, 100 FIFO subscriptions in parallel (${manyEvents} events × 100)`,
      value: many,
      unit: '/s',
      baseline: {
        label: 'the same 100 subscriptions unordered',
        chartLabel: 'unordered',
        value: manyUnordered,
      },
    },
  ];
}
