import { Pool } from 'undici';
import type { DevDatabase } from '@org/dev-db';
import type { BenchRow, Platform } from './bench.types.js';
import { startServerChild } from './ingest-fixture.js';
import { startLoopbackEndpoints } from './loopback-endpoints.js';
import { ceiling } from './outbound.bench.js';
import { inParallel, openScenarioOrm, startWebhooks } from './outbound-fixture.js';
import {
  BENCH_API_KEY,
  BENCH_EVENT_TYPE,
  BENCH_EVENT_TYPES,
  countRows,
  createPublishDatabase,
  publishOverRest,
  subscribeOverRest,
} from './publish-fixture.js';
import { PUBLISH_PATH, type PublishServerConfig } from './publish-server.protocol.js';
import { percentile } from './stats.js';

const EVENTS = 4_000;
const ENDPOINTS = 5;
const CLIENTS = 32;
const RATE_PER_SECOND = 1_000;
/** Subscriptions of the spread latency figure (one per event type). */
export const SPREAD_SUBSCRIPTIONS = 4;
const STEADY_SECONDS = 10;
const WARM_UP_SECONDS = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startApp(server: DevDatabase, platform: Platform) {
  const databaseUrl = await createPublishDatabase(server);
  const config: PublishServerConfig = {
    mode: 'api',
    platform,
    databaseUrl,
    apiKey: BENCH_API_KEY,
    worker: true,
  };
  const child = await startServerChild(config, 'publish-server.js');
  return { databaseUrl, child };
}

const successes = (databaseUrl: string): Promise<number> =>
  countRows(databaseUrl, `select count(*)::int as n from webhook_delivery where status = 'success'`);

/**
 * End to end through the REST path: `CLIENTS` concurrent clients publish `EVENTS` events with
 * `POST /api/events` to an app (worker on) subscribed by `ENDPOINTS` loopback endpoints; timed from
 * the first publish until every attempt is recorded as a success. Beside the sign + POST ceiling.
 */
export async function restEndToEnd(server: DevDatabase, platform: Platform): Promise<BenchRow[]> {
  const endpoints = await startLoopbackEndpoints(ENDPOINTS);
  const { databaseUrl, child } = await startApp(server, platform);
  let stopped: Promise<void> | undefined;
  const stopChild = (): Promise<void> => (stopped ??= child.stop());
  let published = 0;
  const clients = new Pool(child.origin, { connections: CLIENTS, pipelining: 1 });
  try {
    await subscribeOverRest(child.origin, endpoints.urls);
    const total = EVENTS * ENDPOINTS;
    const started = performance.now();
    let publishedIn = 0;
    await inParallel(
      Array.from({ length: EVENTS }, (_, i) => i),
      CLIENTS,
      async (i) => void (await publishOverRest(clients, i), published++),
    );
    publishedIn = performance.now() - started;
    await endpoints.waitFor(total, 120_000);
    while ((await successes(databaseUrl)) < total) await sleep(20);
    const deliveriesPerSecond = total / ((performance.now() - started) / 1000);
    await stopChild();

    const orm = await openScenarioOrm(server);
    const context = await startWebhooks(orm, { worker: false });
    try {
      await ceiling(context.transport, endpoints.urls, total / 2);
      const plain = await ceiling(context.transport, endpoints.urls, total);
      return [
        {
          chartLabel: 'Deliveries/s end to end through REST',
          figure: `Deliveries/s end to end through REST (${EVENTS} events published by ${CLIENTS} clients with POST /api/events × ${ENDPOINTS} subscriptions, every attempt recorded; publishing took ${(publishedIn / 1000).toFixed(1)} s) (target ≥ 0.5×)`,
          value: deliveriesPerSecond,
          unit: '/s',
          baseline: {
            label: 'ceiling: sign + POST loop, same client and concurrency, no database',
            chartLabel: 'ceiling: sign + POST loop',
            value: plain,
          },
        },
      ];
    } finally {
      await context.close();
      await orm.close(true);
    }
  } finally {
    await clients.close();
    await stopChild().catch(() => undefined);
    await endpoints.close();
    if (published < EVENTS) process.stderr.write(`end to end: only ${published} published\n`);
  }
}

/**
 * Emit-to-receipt latency at a steady `RATE_PER_SECOND` published through `POST /api/events` (open
 * loop: each request leaves at its time, whatever the answers), from the request's start to the
 * endpoint seeing the delivery. With `subscriptions` > 1 the events go round robin over as many event
 * types, each with one subscription of its own (so no single endpoint takes the whole rate).
 */
export async function restLatency(
  server: DevDatabase,
  platform: Platform,
  subscriptions = 1,
): Promise<BenchRow[]> {
  const endpoint = await startLoopbackEndpoints(subscriptions);
  const { child } = await startApp(server, platform);
  const pool = new Pool(child.origin, { connections: 64, pipelining: 1 });
  const typeOf = (i: number): string =>
    subscriptions === 1 ? BENCH_EVENT_TYPE : BENCH_EVENT_TYPES[i % subscriptions];
  try {
    await subscribeOverRest(child.origin, endpoint.urls, subscriptions > 1);
    const warmUp = RATE_PER_SECOND * WARM_UP_SECONDS;
    const total = warmUp + RATE_PER_SECOND * STEADY_SECONDS;
    const publishedAt = new Map<string, number>();
    const publishLatencies: number[] = [];
    const start = performance.now();
    const sends: Promise<void>[] = [];
    let failed = 0;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const sentAt = performance.now();
      const measured = i >= warmUp;
      sends.push(
        pool
          .request({
            path: PUBLISH_PATH,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
            body: JSON.stringify({ type: typeOf(i), data: { i } }),
          })
          .then(async (response) => {
            const body = (await response.body.json()) as { data?: { id?: string } };
            if (response.statusCode !== 201 || !body.data?.id) return void failed++;
            if (!measured) return;
            publishedAt.set(body.data.id, performance.timeOrigin + sentAt);
            publishLatencies.push(performance.now() - sentAt);
          }),
      );
    }
    await Promise.all(sends);
    if (failed > 0) throw new Error(`latency: ${failed} publishes failed`);
    await endpoint.waitFor(total, 60_000);
    const { arrivals } = await endpoint.stats();
    const latencies = [...publishedAt].map(([id, at]) => arrivals.get(id)! - at);
    const spread =
      subscriptions === 1
        ? 'one subscription'
        : `${subscriptions} subscriptions, one per event type, ${RATE_PER_SECOND / subscriptions}/s each`;
    const fanOut = subscriptions === 1 ? '1 subscription' : `${subscriptions} subscriptions`;
    const setUp = `${RATE_PER_SECOND.toLocaleString('en-US')} events/s through POST /api/events, ${spread} (${STEADY_SECONDS} s after ${WARM_UP_SECONDS} s warm-up)`;
    return [
      {
        chartLabel: `Emit-to-receipt p50, ${fanOut}`,
        figure: `Emit-to-receipt p50 at ${setUp}`,
        value: percentile(latencies, 50),
        unit: 'ms',
        baseline: null,
      },
      {
        chartLabel: `Emit-to-receipt p99, ${fanOut}`,
        figure: `Emit-to-receipt p99 at ${setUp} (target ≤ 25 ms)`,
        value: percentile(latencies, 99),
        unit: 'ms',
        baseline: null,
      },
      {
        chartLabel: `POST answer p50, ${fanOut}`,
        figure: `POST /api/events answer p50 at the same rate (${spread})`,
        value: percentile(publishLatencies, 50),
        unit: 'ms',
        baseline: null,
      },
      {
        chartLabel: `POST answer p99, ${fanOut}`,
        figure: `POST /api/events answer p99 at the same rate (${spread})`,
        value: percentile(publishLatencies, 99),
        unit: 'ms',
        baseline: null,
      },
    ];
  } finally {
    await pool.close();
    await child.stop().catch(() => undefined);
    await endpoint.close();
  }
}
