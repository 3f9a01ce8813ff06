import type { BenchRow, BenchSuite, Platform } from './bench.types.js';
import { measureWindow, startContender, stopAll, type Contender } from './ingest-contender.js';
import { combineWindows } from './load-generator.js';
import { startBenchDatabase } from './outbound-fixture.js';
import { restEndToEnd, restLatency, SPREAD_SUBSCRIPTIONS } from './publish-delivery.bench.js';
import {
  BENCH_API_KEY,
  batchRequests,
  countRows,
  createPublishDatabase,
  publishRequests,
} from './publish-fixture.js';
import { rawCommitRate } from './publish-raw.bench.js';
import { PUBLISH_BATCH_PATH, PUBLISH_PATH, type PublishServerConfig } from './publish-server.protocol.js';
import { percentile } from './stats.js';

/** Concurrent clients of every publish figure (and of the raw PostgreSQL baseline). */
const CLIENTS = 32;
const WARM_UP_MS = 1_500;
const ROUNDS = 3;
/** Events per `POST /api/events/batch` body, and the clients sending them. */
const BATCH_SIZE = 1_000;
const BATCH_CLIENTS = 4;
const BARE_LABEL = 'bare Nest POST /api/events answering 201, same process arrangement and body parser';

const published = (status: number, body: unknown): boolean =>
  status === 201 &&
  typeof (body as { data?: { id?: unknown } }).data?.id === 'string' &&
  (body as { data: { id: string } }).data.id.startsWith('evt_');

/**
 * Publishing: `POST /api/events` through the host app (`@org/api` on PostgreSQL, worker on, no
 * subscribers) beside a bare Nest POST in the same arrangement and beside raw PostgreSQL commits with
 * the same concurrency; batch publishing; then end to end through REST and the steady-rate latency.
 */
export function publishSuite(root: string): BenchSuite {
  return {
    name: 'publish',
    slug: 'publish',
    perPlatform: true,
    async run(platform: Platform = 'express'): Promise<BenchRow[]> {
      const server = await startBenchDatabase(root);
      const started: Contender[] = [];
      try {
        const databaseUrl = await createPublishDatabase(server);
        const arrangement = { script: 'publish-server.js', path: PUBLISH_PATH, connections: CLIENTS };
        const load = async () => ({ requests: publishRequests(1_000), cycle: true, isSuccess: published });
        const bare = await startContender({ mode: 'bare', platform }, load, started, arrangement);
        const appConfig: PublishServerConfig = {
          mode: 'api',
          platform,
          databaseUrl,
          apiKey: BENCH_API_KEY,
          worker: process.env.BENCH_WORKER !== 'off',
        };
        const api = await startContender(appConfig, load, started, arrangement);
        await bare.target.run(WARM_UP_MS);
        await api.target.run(WARM_UP_MS);
        for (let round = 0; round < ROUNDS; round++) {
          await measureWindow(bare);
          await measureWindow(api);
        }
        const batch = await batchFigure(api, databaseUrl, started, platform);
        const stored = await countRows(databaseUrl, 'select count(*)::int as n from webhook_event');
        await stopAll(started);
        const rows = restRows(bare, api, stored - batch.stored);
        rows.push(...(await rawRows(databaseUrl, combineWindows(api.windows).ratePerSecond)));
        rows.push(...batch.rows);
        rows.push(...(await restEndToEnd(server, platform)));
        rows.push(...(await restLatency(server, platform)));
        rows.push(...(await restLatency(server, platform, SPREAD_SUBSCRIPTIONS)));
        return rows;
      } finally {
        await stopAll(started);
        await server.stop();
      }
    },
  };
}

function restRows(bare: Contender, api: Contender, stored: number): BenchRow[] {
  const answered = api.target.totalSuccesses;
  // Durable storage is checked, not assumed: every 201 must be a row.
  if (stored !== answered) throw new Error(`publish: ${answered} answered 201, ${stored} events stored`);
  for (const [name, { target }] of [
    ['bare', bare],
    ['api', api],
  ] as const) {
    if (target.failures > 0)
      process.stderr.write(`${name}: ${target.failures} failed, first: ${target.firstFailure}\n`);
  }
  const [b, a] = [combineWindows(bare.windows), combineWindows(api.windows)];
  const baseline = (value: number) => ({ label: BARE_LABEL, chartLabel: 'bare Nest POST', value });
  const failed = api.target.failures > 0 ? `, ${api.target.failures} FAILED` : '';
  return [
    {
      chartLabel: 'POST /api/events req/s',
      figure: `Publish req/s: POST /api/events through the host app (API key, validation, PostgreSQL with fsync on; worker ${process.env.BENCH_WORKER === 'off' ? 'off (API-only)' : 'on'}, no subscribers), ${CLIENTS} keep-alive clients, ${(a.measuredMs / 1000).toFixed(1)} s in ${api.windows.length} windows alternating with the baseline${failed} (targets ≥ 0.5×, ≥ 3,000/s)`,
      value: a.ratePerSecond,
      unit: 'req/s',
      baseline: baseline(b.ratePerSecond),
    },
    {
      chartLabel: 'POST /api/events latency p50',
      figure: 'Publish request latency p50 (same load)',
      value: percentile(a.latencies, 50),
      unit: 'ms',
      baseline: baseline(percentile(b.latencies, 50)),
    },
    {
      chartLabel: 'POST /api/events latency p99',
      figure: 'Publish request latency p99 (same load)',
      value: percentile(a.latencies, 99),
      unit: 'ms',
      baseline: baseline(percentile(b.latencies, 99)),
    },
    {
      chartLabel: 'CPU per publish',
      figure: 'Publish server process CPU per request (PostgreSQL not included)',
      value: api.cpuMicros / api.answered,
      unit: 'µs',
      baseline: baseline(bare.cpuMicros / bare.answered),
    },
  ];
}

/** Raw PostgreSQL commits with the same concurrency, on the same server and table. */
async function rawRows(databaseUrl: string, restRate: number): Promise<BenchRow[]> {
  const plain = await rawCommitRate(databaseUrl, CLIENTS, 3_000, 'insert');
  const notify = await rawCommitRate(databaseUrl, CLIENTS, 3_000, 'insert+notify');
  return [
    {
      chartLabel: 'REST publishes/s beside raw commits',
      figure: `Publish req/s through REST beside raw PostgreSQL: BEGIN; INSERT; COMMIT, ${CLIENTS} clients, same server and table`,
      value: restRate,
      unit: '/s',
      baseline: { label: 'raw BEGIN; INSERT; COMMIT', chartLabel: 'raw INSERT; COMMIT', value: plain },
    },
    {
      chartLabel: 'Raw commits/s with pg_notify',
      figure: `Raw PostgreSQL: BEGIN; INSERT; SELECT pg_notify(…); COMMIT, ${CLIENTS} clients (the NOTIFY lock serializes commits)`,
      value: notify,
      unit: '/s',
      baseline: { label: 'raw BEGIN; INSERT; COMMIT', chartLabel: 'raw INSERT; COMMIT', value: plain },
    },
  ];
}

/** Events/s through `POST /api/events/batch` (1,000-event bodies), on the app child already running. */
async function batchFigure(
  api: Contender,
  databaseUrl: string,
  started: Contender[],
  platform: Platform,
): Promise<{ rows: BenchRow[]; stored: number }> {
  const before = await countRows(databaseUrl, 'select count(*)::int as n from webhook_event');
  const probe = await fetch(`${api.child.origin}${PUBLISH_BATCH_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': BENCH_API_KEY },
    body: batchRequests(1, 1, PUBLISH_BATCH_PATH)[0].body,
  });
  if (probe.status === 404) {
    process.stderr.write('publish: POST /api/events/batch does not exist here; no batch figure\n');
    return { rows: [], stored: 0 };
  }
  const appConfig: PublishServerConfig = {
    mode: 'api',
    platform,
    databaseUrl,
    apiKey: BENCH_API_KEY,
    worker: true,
  };
  const batch = await startContender(
    appConfig,
    async () => ({
      requests: batchRequests(50, BATCH_SIZE, PUBLISH_BATCH_PATH),
      cycle: true,
      isSuccess: (status, body) =>
        status === 201 && (body as { data?: unknown[] }).data?.length === BATCH_SIZE,
    }),
    started,
    { script: 'publish-server.js', path: PUBLISH_BATCH_PATH, connections: BATCH_CLIENTS },
  );
  await batch.target.run(WARM_UP_MS);
  for (let round = 0; round < ROUNDS; round++) await measureWindow(batch);
  const windows = combineWindows(batch.windows);
  const stored = (await countRows(databaseUrl, 'select count(*)::int as n from webhook_event')) - before;
  if (batch.target.failures > 0)
    process.stderr.write(`batch: ${batch.target.failures} failed, first: ${batch.target.firstFailure}\n`);
  return {
    stored,
    rows: [
      {
        chartLabel: 'Batch publish events/s',
        figure: `Batch publish events/s: POST /api/events/batch with ${BATCH_SIZE.toLocaleString('en-US')}-event bodies, ${BATCH_CLIENTS} clients, ${(windows.measuredMs / 1000).toFixed(1)} s (target ≥ 20,000/s)`,
        value: windows.ratePerSecond * BATCH_SIZE,
        unit: 'events/s',
        baseline: null,
      },
    ],
  };
}
