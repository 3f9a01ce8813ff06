import type { MikroORM } from '@mikro-orm/postgresql';
import type { DevDatabase } from '@org/dev-db';
import type { AttemptOutcome, ClaimedDelivery } from '@org/webhooks';
import { MikroOrmDeliveryStore, WebhooksMigrations } from '@org/webhooks/mikro-orm';
import type { BenchRow, BenchSuite } from './bench.types.js';
import {
  deleteLikePreviousRelease,
  loadPartitionedHistory,
  loadQueue,
  loadUnpartitionedHistory,
} from './history-fixture.js';
import {
  openOrm,
  openScenarioOrm,
  startBenchDatabase,
  startWebhooks,
  subscribe,
} from './outbound-fixture.js';
import { percentile } from './stats.js';

/** Historical attempts beside the queue (`BENCH_HISTORY_ATTEMPTS` overrides; the issue asks for 10 M). */
const HISTORY_ATTEMPTS = Number(process.env.BENCH_HISTORY_ATTEMPTS ?? 10_000_000);
/** The month of history pruned by both retentions (`BENCH_RETENTION_ATTEMPTS` overrides). */
const RETENTION_ATTEMPTS = Number(process.env.BENCH_RETENTION_ATTEMPTS ?? 1_000_000);
const HISTORY_DAYS = 30;
/** Pending attempts claimed and recorded per measurement, by `CLAIMERS` concurrent loops. */
const QUEUE = 100_000;
const CLAIMERS = 4;
const BATCH = 100;
const PUBLISH_SAMPLES = 2_000;
const PARTITIONED = 'Migration20261202100000_partitioned_history';
const BEFORE_PARTITIONING = WebhooksMigrations.filter((migration) => migration.name !== PARTITIONED);

const format = (n: number): string => n.toLocaleString('en-US');

function success(claim: ClaimedDelivery, at: Date): AttemptOutcome {
  return {
    deliveryId: claim.id,
    leaseToken: claim.leaseToken,
    subscriptionId: claim.subscriptionId,
    ok: true,
    httpStatus: 200,
    error: null,
    responseBody: 'ok',
    durationMs: 5,
    attemptedAt: at,
    next: null,
    url: 'http://127.0.0.1:9/hook',
    requestHeaders: { 'content-type': 'application/json' },
    responseHeaders: { 'content-length': '2' },
    errorClass: null,
    holdUntil: null,
    backoff: false,
    gone: false,
  };
}

/** What one database measures: claim+record per second over the queue, and publish latency. */
interface HotPathFigures {
  claimRecordPerSecond: number;
  publishP50: number;
  publishP99: number;
}

/**
 * The store's hot path on `orm`: a queue of {@link QUEUE} due attempts is claimed and recorded by
 * {@link CLAIMERS} loops (as workers do, without HTTP, so the database's cost is what is timed),
 * then {@link PUBLISH_SAMPLES} sequential publishes through the service.
 */
async function hotPath(
  orm: MikroORM,
  load: (subscriptionId: string) => Promise<void>,
): Promise<HotPathFigures> {
  const api = await startWebhooks(orm, { worker: false });
  try {
    await subscribe(api, ['http://127.0.0.1:9/hook'], 5);
    const ids = (
      await orm.em.getConnection().execute<{ id: string }[]>('select id from webhook_subscription')
    ).map((row) => row.id);
    await load(ids[0]!);
    const store = new MikroOrmDeliveryStore(orm);
    const now = new Date();
    await store.prepareHistory(now);
    await loadQueue(orm, ids, QUEUE, now);
    // Loading leaves dirty pages behind; written out first, so the checkpointer does not compete
    // with the measured loop (measured: 0.63× right after a load, 1.0× after a checkpoint).
    await orm.em.getConnection().execute('checkpoint');
    // Untimed warm-up: prepared statements and the pool, as a running worker has them.
    const warm = await store.claimDueDeliveries({ limit: BATCH, now, leaseMs: 60_000, workerId: 'warm' });
    await store.recordAttempts(
      warm.map((claim) => success(claim, now)),
      { disableAfterFailures: 1_000, now },
    );
    let done = warm.length;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLAIMERS }, async (_, lane) => {
        for (;;) {
          const at = new Date();
          const claims = await store.claimDueDeliveries({
            limit: BATCH,
            now: at,
            leaseMs: 60_000,
            workerId: `w${lane}`,
          });
          if (claims.length === 0) return;
          await store.recordAttempts(
            claims.map((claim) => success(claim, at)),
            { disableAfterFailures: 1_000, now: at },
          );
          done += claims.length;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (done !== QUEUE) throw new Error(`claimed ${done} of ${QUEUE} attempts`);
    const latencies: number[] = [];
    for (let i = 0; i < PUBLISH_SAMPLES; i++) {
      const publishStarted = performance.now();
      await api.webhooks.publish('deal.updated', { i });
      latencies.push(performance.now() - publishStarted);
    }
    return {
      claimRecordPerSecond: (QUEUE - warm.length) / seconds,
      publishP50: percentile(latencies.slice(PUBLISH_SAMPLES / 10), 50),
      publishP99: percentile(latencies.slice(PUBLISH_SAMPLES / 10), 99),
    };
  } finally {
    await api.close();
  }
}

/** Seconds `work` takes. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** (1) The hot path with no history and with {@link HISTORY_ATTEMPTS} historical attempts. */
async function flatCost(server: DevDatabase): Promise<BenchRow[]> {
  const withoutHistory = async (): Promise<HotPathFigures> => {
    const orm = await openScenarioOrm(server);
    return hotPath(orm, async () => undefined).finally(() => orm.close(true));
  };
  // An untimed round first: the first one in a process ran at 0.6× of the later ones (JIT, the
  // server's caches), which made history look faster than none. Without history is then measured
  // before and after the run with it, and the better of the two is the baseline.
  await withoutHistory();
  const before = await withoutHistory();
  const full = await openScenarioOrm(server);
  let loadSeconds = 0;
  const loaded = await hotPath(full, async (subscriptionId) => {
    loadSeconds = await timed(() =>
      loadPartitionedHistory(full, {
        attempts: HISTORY_ATTEMPTS,
        days: HISTORY_DAYS,
        today: new Date(),
        subscriptionId,
      }),
    );
  }).finally(() => full.close(true));
  const after = await withoutHistory();
  const fresh: HotPathFigures = {
    claimRecordPerSecond: Math.max(before.claimRecordPerSecond, after.claimRecordPerSecond),
    publishP50: Math.min(before.publishP50, after.publishP50),
    publishP99: Math.min(before.publishP99, after.publishP99),
  };
  process.stderr.write(
    `history: without history, before / after: ${before.claimRecordPerSecond.toFixed(0)} / ` +
      `${after.claimRecordPerSecond.toFixed(0)} claim+record/s, publish p50 ${before.publishP50.toFixed(2)} / ` +
      `${after.publishP50.toFixed(2)} ms; with history ${loaded.claimRecordPerSecond.toFixed(0)} /s\n`,
  );
  process.stderr.write(
    `history: ${format(HISTORY_ATTEMPTS)} attempts and events loaded in ${loadSeconds.toFixed(0)} s\n`,
  );
  const label = 'no history: the better of a run before and one after';
  const history = `${format(HISTORY_ATTEMPTS)} historical attempts and events`;
  return [
    {
      figure: `Claim+record/s with ${history} (${format(QUEUE)} due, ${CLAIMERS} claimers × ${BATCH})`,
      value: loaded.claimRecordPerSecond,
      unit: '/s',
      baseline: { label, value: fresh.claimRecordPerSecond },
    },
    {
      figure: `Publish p50 with ${history} (ratio: lower is better)`,
      value: loaded.publishP50,
      unit: 'ms',
      baseline: { label, value: fresh.publishP50 },
    },
    {
      figure: `Publish p99 with ${history} (ratio: lower is better)`,
      value: loaded.publishP99,
      unit: 'ms',
      baseline: { label, value: fresh.publishP99 },
    },
  ];
}

/** (2) Retention of a month: dropping its day partitions beside the previous release's DELETE of the same rows. */
async function retention(server: DevDatabase): Promise<BenchRow[]> {
  const today = new Date();
  const cutoff = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  const shape = { attempts: RETENTION_ATTEMPTS, days: HISTORY_DAYS, today };

  const previous = await openScenarioOrm(server, BEFORE_PARTITIONING);
  let deleteSeconds: number;
  try {
    const id = await benchSubscription(previous);
    await loadUnpartitionedHistory(previous, { ...shape, subscriptionId: id });
    deleteSeconds = await timed(() => deleteLikePreviousRelease(previous, cutoff));
  } finally {
    await previous.close(true);
  }

  const partitioned = await openScenarioOrm(server);
  let dropSeconds: number;
  let dropped: number;
  try {
    const id = await benchSubscription(partitioned);
    await loadPartitionedHistory(partitioned, { ...shape, subscriptionId: id });
    const store = new MikroOrmDeliveryStore(partitioned);
    await store.prepareHistory(today);
    let removed = 0;
    dropSeconds = await timed(async () => {
      removed = (await store.pruneBefore(cutoff)).removed;
    });
    dropped = removed;
  } finally {
    await partitioned.close(true);
  }
  if (dropped !== 2 * HISTORY_DAYS)
    throw new Error(`dropped ${dropped} partitions, expected ${2 * HISTORY_DAYS}`);
  return [
    {
      figure: `Retention of a month (${format(RETENTION_ATTEMPTS)} attempts and events over ${HISTORY_DAYS} days): drop ${dropped} day partitions (ratio: lower is better)`,
      value: dropSeconds * 1000,
      unit: 'ms',
      baseline: { label: "the previous release's DELETE of the same rows", value: deleteSeconds * 1000 },
    },
  ];
}

/** (3) The in-place upgrade of a previous release's database holding a month of history. */
async function upgrade(server: DevDatabase): Promise<BenchRow[]> {
  const previous = await openScenarioOrm(server, BEFORE_PARTITIONING);
  const url = previous.config.get('clientUrl')!;
  try {
    const id = await benchSubscription(previous);
    await loadUnpartitionedHistory(previous, {
      attempts: RETENTION_ATTEMPTS,
      days: HISTORY_DAYS,
      today: new Date(),
      subscriptionId: id,
    });
  } finally {
    await previous.close(true);
  }
  const orm = await openOrm(url);
  try {
    const seconds = await timed(() => orm.migrator.up());
    return [
      {
        figure: `Upgrade in place (${PARTITIONED}) of ${format(RETENTION_ATTEMPTS)} attempts and events`,
        value: seconds * 1000,
        unit: 'ms',
        baseline: null,
      },
    ];
  } finally {
    await orm.close(true);
  }
}

/** A subscription the generated history belongs to; returns its id. */
async function benchSubscription(orm: MikroORM): Promise<string> {
  const [row] = await orm.em.getConnection().execute<{ id: string }[]>(
    `insert into webhook_subscription (id, name, url, event_types, status, secrets, created_at, updated_at)
     values ('whk_bench', 'bench', 'http://127.0.0.1:9/hook', '{*}', 'active', '[]', now() - interval '60 days', now())
     returning id`,
  );
  return row!.id;
}

/** The history scenarios, on one embedded PostgreSQL started for the run. */
export function historySuite(root: string): BenchSuite {
  return {
    name: 'history',
    async run() {
      const server = await startBenchDatabase(root);
      try {
        return [...(await flatCost(server)), ...(await retention(server)), ...(await upgrade(server))];
      } finally {
        await server.stop();
      }
    },
  };
}
