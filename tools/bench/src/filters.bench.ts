import type { MikroORM } from '@mikro-orm/postgresql';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import type { BenchRow, BenchSuite } from './bench.types.js';
import {
  BENCH_SECRET,
  openScenarioOrm,
  startBenchDatabase,
  startWebhooks,
  type WebhooksContext,
} from './outbound-fixture.js';
import { percentile } from './stats.js';

/** A filter as subscriptions take it (the library's `PayloadFilter`). */
type PayloadFilter = Record<string, unknown>;

const EVENT_TYPE = 'order.paid';
const SUBSCRIPTIONS = 1_000;
/** Events fanned out per round: 100 × 1,000 subscriptions is 100,000 attempts unfiltered. */
const EVENTS_PER_ROUND = 100;
/** Pairs of rounds, ABBA, so that the machine's load touches both alike. */
const ROUNDS = 8;
/** The worker's default fan-out batch (`worker.batchSize`). */
const BATCH = 200;

/**
 * A realistic mix of filters, one per subscription in turn, each matching about half the events
 * {@link eventData} makes: equality on a string, `$gte` on a number, `$in`, `$or` over two fields.
 */
const FILTERS: PayloadFilter[] = [
  { 'data.currency': 'eur' },
  { 'data.amount': { $gte: 5_000 } },
  { 'data.customer.country': { $in: ['FR', 'DE', 'NL'] } },
  { $or: [{ 'data.channel': 'web' }, { 'data.amount': { $lt: 0 } }] },
];

const COUNTRIES = ['FR', 'DE', 'NL', 'US', 'GB', 'JP'];

/** The data of the `i`-th event: fields spread so that each of {@link FILTERS} matches about half. */
function eventData(i: number): Record<string, unknown> {
  return {
    order_id: `ord_${i}`,
    amount: (i * 7_919) % 10_000,
    currency: i % 2 === 0 ? 'eur' : 'usd',
    channel: Math.floor(i / 2) % 2 === 0 ? 'web' : 'pos',
    customer: { id: `cus_${i % 97}`, country: COUNTRIES[(i * 5) % COUNTRIES.length] },
    items: [{ sku: 'SKU-1', quantity: 1 + (i % 3) }],
  };
}

interface Scenario {
  orm: MikroORM;
  storage: MikroOrmWebhooksStorage;
  context: WebhooksContext;
}

interface Round {
  ms: number;
  attempts: number;
}

/** One round: publishes the events (not timed), fans them out in the worker's batches (timed), clears the attempts. */
async function fanOutRound(scenario: Scenario, round: number): Promise<Round> {
  for (let i = 0; i < EVENTS_PER_ROUND; i++)
    await scenario.context.webhooks.publish(EVENT_TYPE, eventData(round * EVENTS_PER_ROUND + i));
  const connection = scenario.orm.em.getConnection();
  const started = performance.now();
  let events = 0;
  for (let fanned = BATCH; fanned >= BATCH; events += fanned) {
    fanned = await scenario.storage.deliveryQueue.fanOutEvents({ limit: BATCH, now: new Date() });
  }
  const ms = performance.now() - started;
  if (events !== EVENTS_PER_ROUND)
    throw new Error(`filters: fanned ${events} events, not ${EVENTS_PER_ROUND}`);
  const [{ n }] = await connection.execute<{ n: number }[]>(
    'select count(*)::int as n from webhook_delivery',
  );
  // Out of the timed part: every round starts from an empty queue.
  await connection.execute('truncate webhook_delivery');
  return { ms, attempts: n };
}

/** A database with {@link SUBSCRIPTIONS} subscriptions to every type, each with `filterOf(i)`. */
async function startScenario(
  server: Awaited<ReturnType<typeof startBenchDatabase>>,
  filterOf: (i: number) => PayloadFilter | undefined,
): Promise<Scenario> {
  const orm = await openScenarioOrm(server);
  const storage = new MikroOrmWebhooksStorage(orm);
  const context = await startWebhooks(orm, {
    storage,
    worker: false,
    eventTypes: [{ name: EVENT_TYPE, description: 'An order was paid.' }],
  });
  for (let i = 0; i < SUBSCRIPTIONS; i++) {
    const filter = filterOf(i);
    await context.subscriptions.create(
      {
        name: `bench ${i}`,
        url: `http://127.0.0.1:9/${i}`,
        secret: BENCH_SECRET,
        ...(filter ? { filter } : {}),
      },
      null,
    );
  }
  return { orm, storage, context };
}

/**
 * Payload filters at fan-out: the FAN_OUT statement (the queue store's `fanOutEvents`, in the
 * worker's batches of 200, nothing sent) on PostgreSQL, 1,000 active subscriptions to the published
 * type with a mix of filters matching about half of each event's subscriptions, beside the same
 * 1,000 without filters, rounds alternating (ABBA); each figure is the median round.
 */
export function filtersSuite(root: string): BenchSuite {
  return {
    name: 'filters',
    slug: 'filters',
    async run(): Promise<BenchRow[]> {
      const server = await startBenchDatabase(root);
      const scenarios: Scenario[] = [];
      try {
        const plain = await startScenario(server, () => undefined);
        scenarios.push(plain);
        const filtered = await startScenario(server, (i) => FILTERS[i % FILTERS.length]);
        scenarios.push(filtered);
        await fanOutRound(plain, 0);
        await fanOutRound(filtered, 0);
        const rounds = { plain: [] as Round[], filtered: [] as Round[] };
        for (let round = 1; round <= ROUNDS * 2; round++) {
          const order = round % 2 === 0 ? (['plain', 'filtered'] as const) : (['filtered', 'plain'] as const);
          for (const which of order)
            rounds[which].push(await fanOutRound(which === 'plain' ? plain : filtered, round));
        }
        const eventsPerSecond = (list: Round[]) =>
          percentile(
            list.map((r) => (EVENTS_PER_ROUND * 1000) / r.ms),
            50,
          );
        const attemptsPerSecond = (list: Round[]) =>
          percentile(
            list.map((r) => (r.attempts * 1000) / r.ms),
            50,
          );
        const matched = percentile(
          rounds.filtered.map((r) => r.attempts / EVENTS_PER_ROUND),
          50,
        );
        const size = `1,000 active subscriptions, median of ${ROUNDS * 2} rounds of ${EVENTS_PER_ROUND} events fanned out in batches of ${BATCH} (fanOutEvents, nothing sent), alternating with the baseline's`;
        const label = 'the same 1,000 subscriptions without filters';
        return [
          {
            chartLabel: 'Events/s fanned out, filtered',
            figure: `Events/s fanned out, every subscription with a filter (string equality, $gte, $in, $or; ${Math.round(matched)} of 1,000 match an event), ${size}`,
            value: eventsPerSecond(rounds.filtered),
            unit: 'events/s',
            baseline: { label, chartLabel: 'no filters', value: eventsPerSecond(rounds.plain) },
          },
          {
            chartLabel: 'Attempts/s created, filtered',
            figure: `Attempts/s created by the same fan-out, ${size}`,
            value: attemptsPerSecond(rounds.filtered),
            unit: 'attempts/s',
            baseline: { label, chartLabel: 'no filters', value: attemptsPerSecond(rounds.plain) },
          },
        ];
      } finally {
        for (const scenario of scenarios) {
          await scenario.context.close();
          await scenario.orm.close();
        }
        await server.stop();
      }
    },
  };
}
