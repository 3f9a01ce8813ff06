import type { MikroORM } from '@mikro-orm/postgresql';
import type { DevDatabase } from '@org/dev-db';
import type { WebhooksWorkerOptions } from '@org/webhooks';
import { buildDeliveryHeaders, DeliveryWorker } from '@org/webhooks/internal';
import type { BenchRow, BenchSuite } from './bench.types.js';
import { postgresCpuMeter, threadCpuMeter } from './cpu-meter.js';
import { startLoopbackEndpoints, type LoopbackEndpoints } from './loopback-endpoints.js';
import {
  BENCH_SECRET,
  countAttempts,
  historyBytes,
  inParallel,
  openScenarioOrm,
  startBenchDatabase,
  startWebhooks,
  subscribe,
  type WebhookTransportLike,
} from './outbound-fixture.js';
import { fifoThroughput } from './outbound-fifo.bench.js';
import { percentile } from './stats.js';

const EVENTS = 2_000;
const ENDPOINTS = 5;
const WORKER: WebhooksWorkerOptions = {
  batchSize: 200,
  concurrency: 128,
  perSubscriptionConcurrency: 8,
  leaseMs: 60_000,
  pollIntervalMs: 1_000,
};
const RATE_PER_SECOND = 500;
const STEADY_SECONDS = 10;
/** Published at the same rate first and not measured: JIT, connection pool and prepared statements warm up. */
const WARM_UP_SECONDS = 2;
const PUBLISH_SAMPLES = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const payload = (i: number): string =>
  JSON.stringify({
    id: `evt_bench_${i}`,
    event: 'deal.updated',
    created_at: new Date().toISOString(),
    data: { i, amount: 1200, currency: 'EUR' },
  });

/**
 * The ceiling: sign and POST the same number of payloads with the module's own HTTP client and the
 * same concurrency (per endpoint and overall), no database. Deliveries per second.
 */
export async function ceiling(
  transport: WebhookTransportLike,
  urls: readonly string[],
  total: number,
): Promise<number> {
  const perEndpoint = Math.ceil(total / urls.length);
  const lanes = Math.min(WORKER.perSubscriptionConcurrency!, Math.floor(WORKER.concurrency! / urls.length));
  const started = performance.now();
  await Promise.all(
    urls.map((url, e) =>
      inParallel(
        Array.from({ length: perEndpoint }, (_, i) => e * perEndpoint + i),
        lanes,
        async (i) => {
          const body = payload(i);
          const headers = buildDeliveryHeaders({
            eventId: `evt_bench_${i}`,
            eventType: 'deal.updated',
            attempt: 1,
            body,
            secrets: [BENCH_SECRET],
            timestamp: Math.floor(Date.now() / 1000),
          });
          const result = await transport.send({ url, body, headers });
          if (!result.ok) throw new Error(`ceiling request failed: ${result.httpStatus}`);
        },
      ),
    ),
  );
  return (perEndpoint * urls.length) / ((performance.now() - started) / 1000);
}

/** (1) Deliveries per second, every attempt recorded, beside the ceiling. */
async function throughput(server: DevDatabase): Promise<BenchRow[]> {
  const orm = await openScenarioOrm(server);
  const endpoints = await startLoopbackEndpoints(ENDPOINTS);
  const api = await startWebhooks(orm, { worker: false });
  try {
    await subscribe(api, endpoints.urls);
    const total = EVENTS * ENDPOINTS;
    // The ceiling first, while the database is idle (no autovacuum after the engine's run yet).
    // Untimed first pass: JIT and keep-alive connections warm, as the engine's are by the time it peaks.
    await ceiling(api.transport, endpoints.urls, total / 2);
    const plain = await ceiling(api.transport, endpoints.urls, total);
    await inParallel(
      Array.from({ length: EVENTS }, (_, i) => i),
      8,
      async (i) => void (await api.webhooks.publish('deal.updated', { i, amount: 1200, currency: 'EUR' })),
    );

    // Timed from the worker's start (its bootstrap included): fan-out, claims, sends and recording.
    // CPU per delivery, for sizing: the engine's thread and the database server, apart.
    const engineCpu = threadCpuMeter();
    const databaseCpu = await postgresCpuMeter(orm);
    await Promise.all([engineCpu.start(), databaseCpu.start()]);
    const started = performance.now();
    const worker = await startWebhooks(orm, { worker: WORKER });
    // Wait on the worker's own counter (no database load during the run), then until every success
    // is durably recorded: the SQL count runs only at the end, so it costs the engine next to nothing.
    const dispatcher = worker.app.get(DeliveryWorker);
    while (dispatcher.stats().succeeded < total) await sleep(5);
    while ((await countAttempts(orm, 'success')) < total) await sleep(5);
    const deliveriesPerSecond = total / ((performance.now() - started) / 1000);
    const [engineMicros, databaseMicros] = await Promise.all([engineCpu.read(), databaseCpu.read()]);
    await worker.close();
    const disk = await historyBytes(orm);

    return [
      {
        chartLabel: 'Deliveries/s end to end',
        figure: `Deliveries/s end to end (${EVENTS} events × ${ENDPOINTS} subscriptions, every attempt recorded)`,
        value: deliveriesPerSecond,
        unit: '/s',
        baseline: {
          label: 'ceiling: sign + POST loop, same client and concurrency, no database',
          chartLabel: 'ceiling: sign + POST loop',
          value: plain,
        },
      },
      {
        chartLabel: 'Engine CPU per delivery',
        figure: 'Engine CPU per delivery (the worker thread: fan-out, claim, sign, POST, record)',
        value: engineMicros / total,
        unit: 'µs',
        baseline: null,
      },
      {
        chartLabel: 'PostgreSQL CPU per delivery',
        figure: 'PostgreSQL CPU per delivery (every server process, same run)',
        value: databaseMicros / total,
        unit: 'µs',
        baseline: null,
      },
      {
        chartLabel: 'Disk per recorded attempt',
        figure: 'Disk per recorded attempt (its day partition: heap, TOAST, indexes; full attempt record)',
        value: disk.perAttempt,
        unit: 'B',
        baseline: null,
      },
      {
        chartLabel: 'Disk per event',
        figure:
          'Disk per event (its day partition: heap, TOAST, indexes; a 40-byte data object as in the bench)',
        value: disk.perEvent,
        unit: 'B',
        baseline: null,
      },
    ];
  } finally {
    await api.close();
    await endpoints.close();
    await orm.close(true);
  }
}

/** Direct POST round trips at the steady rate (no database): the latency baseline. */
async function directLatencies(
  transport: WebhookTransportLike,
  url: string,
  count: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const start = performance.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / RATE_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sentAt = performance.now();
    const body = payload(i);
    const headers = buildDeliveryHeaders({
      eventId: `evt_direct_${i}`,
      eventType: 'deal.updated',
      attempt: 1,
      body,
      secrets: [BENCH_SECRET],
      timestamp: Math.floor(Date.now() / 1000),
    });
    sends.push(
      transport.send({ url, body, headers }).then(() => void latencies.push(performance.now() - sentAt)),
    );
  }
  await Promise.all(sends);
  return latencies;
}

/** (2) Emit-to-receipt latency at a steady rate: publish call start to the endpoint seeing the request. */
async function latency(server: DevDatabase): Promise<BenchRow[]> {
  const orm = await openScenarioOrm(server);
  const endpoint: LoopbackEndpoints = await startLoopbackEndpoints(1);
  const app = await startWebhooks(orm, { worker: WORKER });
  try {
    await subscribe(app, endpoint.urls);
    const warmUp = RATE_PER_SECOND * WARM_UP_SECONDS;
    const total = warmUp + RATE_PER_SECOND * STEADY_SECONDS;
    const publishedAt = new Map<string, number>();
    const start = performance.now();
    const publishes: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      const at = performance.timeOrigin + performance.now();
      const measured = i >= warmUp;
      publishes.push(
        app.webhooks
          .publish('deal.updated', { i })
          .then((event) => void (measured && publishedAt.set(event.id, at))),
      );
    }
    await Promise.all(publishes);
    await endpoint.waitFor(total, 60_000);
    const { arrivals } = await endpoint.stats();
    const latencies = [...publishedAt].map(([id, at]) => arrivals.get(id)! - at);
    const direct = await directLatencies(app.transport, endpoint.urls[0], RATE_PER_SECOND * 2);
    const label = `direct sign + POST at ${RATE_PER_SECOND}/s, no database`;
    return [
      {
        chartLabel: 'Emit-to-receipt p50 at 500/s',
        figure: `Emit-to-receipt p50 at ${RATE_PER_SECOND} events/s (${STEADY_SECONDS} s after ${WARM_UP_SECONDS} s warm-up)`,
        value: percentile(latencies, 50),
        unit: 'ms',
        baseline: { label, chartLabel: 'direct sign + POST', value: percentile(direct, 50) },
      },
      {
        chartLabel: 'Emit-to-receipt p99 at 500/s',
        figure: `Emit-to-receipt p99 at ${RATE_PER_SECOND} events/s (${STEADY_SECONDS} s after ${WARM_UP_SECONDS} s warm-up)`,
        value: percentile(latencies, 99),
        unit: 'ms',
        baseline: { label, chartLabel: 'direct sign + POST', value: percentile(direct, 99) },
      },
    ];
  } finally {
    await app.close();
    await endpoint.close();
    await orm.close(true);
  }
}

/** p50 of `PUBLISH_SAMPLES` sequential publishes. */
async function publishP50(publish: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PUBLISH_SAMPLES; i++) {
    const started = performance.now();
    await publish(i);
    times.push(performance.now() - started);
  }
  return percentile(times, 50);
}

/** (3) Publish cost with 1 and with 1,000 subscriptions: it must not grow (fan-out is after commit). */
async function publishCost(server: DevDatabase): Promise<BenchRow[]> {
  const orm: MikroORM = await openScenarioOrm(server);
  const api = await startWebhooks(orm, { worker: false });
  try {
    const urls = ['https://hooks.example.com/bench'];
    await subscribe(api, urls, 1);
    const one = await publishP50((i) => api.webhooks.publish('deal.updated', { i }));
    await subscribe(api, urls, 999);
    const thousand = await publishP50((i) => api.webhooks.publish('deal.updated', { i }));
    return [
      {
        figure: 'Publish p50 with 1 subscription',
        chartLabel: 'Publish p50, 1 subscription',
        value: one,
        unit: 'ms',
        baseline: null,
      },
      {
        chartLabel: 'Publish p50, 1,000 subscriptions',
        figure: 'Publish p50 with 1,000 subscriptions',
        value: thousand,
        unit: 'ms',
        baseline: { label: 'with 1 subscription', value: one },
      },
    ];
  } finally {
    await api.close();
    await orm.close(true);
  }
}

/** The outbound scenarios, on one embedded PostgreSQL started for the run. */
export function outboundSuite(root: string): BenchSuite {
  return {
    name: 'outbound webhooks',
    slug: 'outbound',
    async run() {
      const server = await startBenchDatabase(root);
      try {
        return [
          ...(await throughput(server)),
          ...(await latency(server)),
          ...(await publishCost(server)),
          ...(await fifoThroughput(server)),
        ];
      } finally {
        await server.stop();
      }
    },
  };
}
