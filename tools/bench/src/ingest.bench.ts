import type { BenchRow, BenchSuite, Platform } from './bench.types.js';
import {
  CONNECTIONS,
  measureWindow,
  startContender,
  stopAll,
  WINDOW_MS,
  type Contender,
} from './ingest-contender.js';
import {
  BENCH_SOURCE_SECRET_KEY,
  BENCH_STRIPE_SECRET,
  countStoredEvents,
  createStripeSources,
  openIngestDatabase,
  signedSourceRequests,
  signedStripeRequests,
} from './ingest-fixture.js';
import { combineWindows } from './load-generator.js';
import { startBenchDatabase } from './outbound-fixture.js';
import { percentile } from './stats.js';

const WARM_UP_MS = 1_500;
/** The two servers are measured alternately, so a burst of other work on the machine hits both. */
const ROUNDS = 3;
/** Distinct requests the baseline cycles through (it stores nothing, so repeats cost it nothing). */
const BASELINE_REQUESTS = 10_000;
/** Connections in the gateway's database pool. */
const POOL_MAX = 16;
const BASELINE_LABEL = 'bare Nest POST answering 200, same process arrangement and body parser';
/** Sources created over the API for the lookup figure; requests are spread over all of them. */
const SOURCE_COUNT = 1_000;
const CONFIGURED_LABEL = 'the configured stripe source (POST /webhooks/stripe), same run';

const receipt = (body: unknown): { received?: unknown; duplicate?: unknown } =>
  typeof body === 'object' && body !== null ? body : {};

/**
 * Requests per second of `POST /webhooks/stripe` through the gateway (Stripe signature verified, event
 * stored in PostgreSQL before the 200, handlers off) beside a bare Nest endpoint answering 200. Each
 * app runs in its own child process with the same Nest set-up on the platform of the run; this process
 * loads them.
 */
export function ingestSuite(root: string): BenchSuite {
  return {
    name: 'ingest gateway',
    slug: 'ingest',
    perPlatform: true,
    async run(platform: Platform = 'express'): Promise<BenchRow[]> {
      const database = await startBenchDatabase(root);
      const { url, orm } = await openIngestDatabase(database);
      const started: Contender[] = [];
      try {
        const bare = await startContender(
          { mode: 'bare', platform },
          async (origin) => ({
            requests: await signedStripeRequests(origin, BASELINE_REQUESTS),
            cycle: true,
            isSuccess: (status, body) => status === 200 && receipt(body).received === true,
          }),
          started,
        );
        const estimate = combineWindows([await bare.target.run(WARM_UP_MS)]).ratePerSecond;
        // Every gateway request is a new event (so each is verified and stored); sized from the baseline.
        const needed = Math.ceil((estimate * 1.5 * (WARM_UP_MS + ROUNDS * WINDOW_MS)) / 1000);
        const config = {
          platform,
          databaseUrl: url,
          stripeSecret: BENCH_STRIPE_SECRET,
          sourceSecretKey: BENCH_SOURCE_SECRET_KEY,
          poolMax: POOL_MAX,
        };
        const sources = await createStripeSources(orm, SOURCE_COUNT);
        const ingest = await startContender(
          { mode: 'ingest', ...config },
          async (origin) => ({
            requests: await signedStripeRequests(origin, Math.max(needed, BASELINE_REQUESTS)),
            cycle: false,
            isSuccess: (status, body) => status === 200 && receipt(body).duplicate === false,
          }),
          started,
        );
        const viaSources = await startContender(
          { mode: 'ingest', ...config },
          async (origin) => ({
            requests: await signedSourceRequests(origin, sources, Math.max(needed, BASELINE_REQUESTS)),
            cycle: false,
            isSuccess: (status, body) => status === 200 && receipt(body).duplicate === false,
          }),
          started,
        );
        await ingest.target.run(WARM_UP_MS);
        await viaSources.target.run(WARM_UP_MS);
        for (
          let round = 0;
          round < ROUNDS && !ingest.target.exhausted && !viaSources.target.exhausted;
          round++
        ) {
          await measureWindow(bare);
          await measureWindow(ingest);
          await measureWindow(viaSources);
        }
        await stopAll(started);
        return [
          ...rows(bare, ingest, viaSources, await countStoredEvents(orm)),
          ...sourceRows(ingest, viaSources),
        ];
      } finally {
        await stopAll(started);
        await orm.close(true);
        await database.stop();
      }
    },
  };
}

function rows(bare: Contender, ingest: Contender, viaSources: Contender, stored: number): BenchRow[] {
  // Durable storage is checked, not assumed: every 200 for a new event must be a row.
  const answered = ingest.target.totalSuccesses + viaSources.target.totalSuccesses;
  if (stored !== answered) {
    throw new Error(`ingest: ${answered} requests answered 200 as new events, ${stored} rows stored`);
  }
  for (const [name, { target }] of [
    ['baseline', bare],
    ['ingest', ingest],
    ['sources', viaSources],
  ] as const) {
    if (target.failures > 0)
      process.stderr.write(`${name}: ${target.failures} failed, first: ${target.firstFailure}\n`);
  }
  const [b, i] = [combineWindows(bare.windows), combineWindows(ingest.windows)];
  const setUp = `${CONNECTIONS} keep-alive connections, ${(i.measuredMs / 1000).toFixed(1)} s in ${ingest.windows.length} windows alternating with the baseline`;
  const failed = ingest.target.failures > 0 ? `, ${ingest.target.failures} FAILED` : '';
  const baseline = (value: number) => ({ label: BASELINE_LABEL, chartLabel: 'bare Nest POST', value });
  return [
    {
      chartLabel: 'Ingest req/s, verified + stored',
      figure: `Ingest req/s: Stripe payment_intent.succeeded verified + stored (PostgreSQL, fsync on), processing off, ${setUp}${failed} (target ≥ 0.6×)`,
      value: i.ratePerSecond,
      unit: 'req/s',
      baseline: baseline(b.ratePerSecond),
    },
    {
      chartLabel: 'Ingest latency p50',
      figure: 'Ingest request latency p50 (same load)',
      value: percentile(i.latencies, 50),
      unit: 'ms',
      baseline: baseline(percentile(b.latencies, 50)),
    },
    {
      chartLabel: 'Ingest latency p99',
      figure: 'Ingest request latency p99 (same load)',
      value: percentile(i.latencies, 99),
      unit: 'ms',
      baseline: baseline(percentile(b.latencies, 99)),
    },
    {
      chartLabel: 'Ingest CPU per request',
      figure: 'Ingest server process CPU per request (PostgreSQL not included)',
      value: ingest.cpuMicros / ingest.answered,
      unit: 'µs',
      baseline: baseline(bare.cpuMicros / bare.answered),
    },
    {
      chartLabel: 'Rows stored (check)',
      figure: 'Ingest rows stored (whole run, warm-up included)',
      value: stored,
      unit: 'rows',
      baseline: {
        label: '200 answers with duplicate: false (both gateways)',
        chartLabel: '200 answers',
        value: answered,
      },
    },
  ];
}

/** The lookup figure: the same load spread over 1,000 API-created sources, beside the configured one. */
function sourceRows(configured: Contender, viaSources: Contender): BenchRow[] {
  const [c, s] = [combineWindows(configured.windows), combineWindows(viaSources.windows)];
  const baseline = (value: number) => ({ label: CONFIGURED_LABEL, chartLabel: 'configured source', value });
  return [
    {
      chartLabel: 'Ingest req/s, 1,000 API sources',
      figure: `Ingest req/s through ${SOURCE_COUNT.toLocaleString('en-US')} API-created Stripe sources (each its own secret and URL, requests spread over all; looked up by id) (target ≈ 1×)`,
      value: s.ratePerSecond,
      unit: 'req/s',
      baseline: baseline(c.ratePerSecond),
    },
    {
      chartLabel: 'Ingest CPU per request, 1,000 sources',
      figure: `Ingest server CPU per request, ${SOURCE_COUNT.toLocaleString('en-US')} API-created sources`,
      value: viaSources.cpuMicros / viaSources.answered,
      unit: 'µs',
      baseline: baseline(configured.cpuMicros / configured.answered),
    },
  ];
}
