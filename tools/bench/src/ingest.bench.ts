import type { BenchRow, BenchSuite } from './bench.types.js';
import {
  BENCH_STRIPE_SECRET,
  countStoredEvents,
  openIngestDatabase,
  signedStripeRequests,
  startServerChild,
  type PreparedRequest,
} from './ingest-fixture.js';
import { WEBHOOK_PATH, type IngestServerConfig } from './ingest-server.protocol.js';
import { runLoad, type LoadResult } from './load-generator.js';
import { startBenchDatabase } from './outbound-fixture.js';
import { percentile } from './stats.js';

const CONNECTIONS = 64;
const WARM_UP_MS = 1_500;
const DURATION_MS = 6_000;
/** Distinct requests the baseline cycles through (it stores nothing, so repeats cost it nothing). */
const BASELINE_POOL = 10_000;
/** Child's database connections. */
const POOL_MAX = 16;

/** Starts a server child, loads it, stops it: what the load saw. */
async function measure(
  config: IngestServerConfig,
  requests: readonly PreparedRequest[],
  isSuccess: (status: number, body: unknown) => boolean,
): Promise<LoadResult> {
  const server = await startServerChild(config);
  try {
    return await runLoad({
      origin: server.origin,
      path: WEBHOOK_PATH,
      requests,
      cycle: config.mode === 'bare',
      connections: CONNECTIONS,
      warmUpMs: WARM_UP_MS,
      durationMs: DURATION_MS,
      isSuccess,
    });
  } finally {
    await server.stop();
  }
}

const isReceipt = (body: unknown): body is { received?: unknown; duplicate?: unknown } =>
  typeof body === 'object' && body !== null;

/**
 * Requests per second of `POST /webhooks/stripe` through the gateway (Stripe signature verified, event
 * stored in PostgreSQL before the 200, handlers off) beside a bare Nest endpoint answering 200, both
 * in a child process with the same Nest/Express set-up, loaded by this process in the same run.
 */
export function ingestSuite(root: string): BenchSuite {
  return {
    name: 'ingest gateway',
    async run(): Promise<BenchRow[]> {
      const server = await startBenchDatabase(root);
      const { url, orm } = await openIngestDatabase(server);
      try {
        const baselineRequests = await signedStripeRequests('http://127.0.0.1', BASELINE_POOL);
        const bare = await measure({ mode: 'bare' }, baselineRequests, (status, body) => status === 200 && isReceipt(body) && body.received === true);

        // Every request a new event (so each is verified and stored): enough for the baseline's rate.
        const needed = Math.ceil((bare.ratePerSecond * (WARM_UP_MS + DURATION_MS + 1_000)) / 1000);
        const ingestRequests = await signedStripeRequests('http://127.0.0.1', Math.max(needed, BASELINE_POOL));
        const ingest = await measure(
          { mode: 'ingest', databaseUrl: url, stripeSecret: BENCH_STRIPE_SECRET, poolMax: POOL_MAX },
          ingestRequests,
          (status, body) => status === 200 && isReceipt(body) && body.duplicate === false,
        );
        const stored = await countStoredEvents(orm);
        if (stored !== ingest.totalSuccesses) {
          throw new Error(`ingest: ${ingest.totalSuccesses} events answered 200 as new but ${stored} rows are stored`);
        }
        for (const [name, result] of [['bare', bare], ['ingest', ingest]] as const) {
          if (result.failures > 0) process.stderr.write(`${name}: ${result.failures} failed requests, first: ${result.firstFailure}\n`);
        }

        const setUp = `${CONNECTIONS} keep-alive connections, ${(ingest.measuredMs / 1000).toFixed(1)} s after ${WARM_UP_MS / 1000} s warm-up`;
        const failed = ingest.failures > 0 ? `, ${ingest.failures} failed` : '';
        const label = 'bare Nest POST answering 200, same process arrangement and body parser';
        return [
          {
            figure: `Ingest req/s: Stripe payment_intent.succeeded verified + stored (PostgreSQL, fsync on), processing off, ${setUp}${failed} (target ≥ 0.50×)`,
            value: ingest.ratePerSecond,
            unit: 'req/s',
            baseline: { label, value: bare.ratePerSecond },
          },
          { figure: 'Ingest request latency p50', value: percentile(ingest.latencies, 50), unit: 'ms', baseline: { label, value: percentile(bare.latencies, 50) } },
          { figure: 'Ingest request latency p99', value: percentile(ingest.latencies, 99), unit: 'ms', baseline: { label, value: percentile(bare.latencies, 99) } },
          {
            figure: 'Ingest rows stored (whole run, warm-up included)',
            value: stored,
            unit: 'rows',
            baseline: { label: '200 answers with duplicate: false', value: ingest.totalSuccesses },
          },
        ];
      } finally {
        await orm.close(true);
        await server.stop();
      }
    },
  };
}
