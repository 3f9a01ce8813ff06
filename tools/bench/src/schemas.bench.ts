import { cpuUsage } from 'node:process';
import type { MikroORM } from '@mikro-orm/postgresql';
import { EventTypeCatalogue, InMemoryWebhooksStorage, type EventTypeDefinition } from '@org/webhooks';
import type { BenchRow, BenchSuite } from './bench.types.js';
import { percentile } from './stats.js';
import {
  inParallel,
  openScenarioOrm,
  startBenchDatabase,
  startWebhooks,
  type WebhooksContext,
} from './outbound-fixture.js';

const EVENT_TYPE = 'order.paid';
const EVENTS_PER_ROUND = 2_000;
/** Pairs of rounds, each pair in the order ABBA with the next, so that a drift (heap growth) touches both alike. */
const ROUNDS = 12;
/** Calls of the compiled check alone. */
const CHECKS = 200_000;
const CONCURRENCY = 32;

/** An order as a shop publishes it: ten fields, a nested customer and three line items. */
const DATA = {
  order_id: 'ord_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
  amount: 4200,
  currency: 'eur',
  paid_at: '2026-12-07T14:00:00.000Z',
  customer: { id: 'cus_42', email: 'ada@example.com', name: 'Ada Lovelace' },
  items: [
    { sku: 'SKU-1', quantity: 1, unit_amount: 2000 },
    { sku: 'SKU-2', quantity: 2, unit_amount: 1000 },
    { sku: 'SKU-3', quantity: 1, unit_amount: 200 },
  ],
  note: 'Leave at the door',
  coupon: null,
};

/** The schema a `@WebhookEvent` class of that order generates: every object closed, formats checked. */
const SCHEMA = {
  type: 'object',
  properties: {
    order_id: { type: 'string' },
    amount: { type: 'integer', minimum: 0 },
    currency: { type: 'string', enum: ['eur', 'usd'] },
    paid_at: { type: 'string', format: 'date-time' },
    customer: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        email: { type: 'string', format: 'email' },
        name: { type: 'string' },
      },
      required: ['id', 'email', 'name'],
      additionalProperties: false,
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer', minimum: 1 },
          unit_amount: { type: 'integer', minimum: 0 },
        },
        required: ['sku', 'quantity', 'unit_amount'],
        additionalProperties: false,
      },
    },
    note: { type: 'string' },
    coupon: { type: ['string', 'null'] },
  },
  required: ['order_id', 'amount', 'currency', 'paid_at', 'customer', 'items'],
  additionalProperties: false,
};

const WITHOUT: EventTypeDefinition = { name: EVENT_TYPE, description: 'An order was paid.' };
const WITH: EventTypeDefinition = { ...WITHOUT, schema: SCHEMA };

interface Round {
  cpuMicros: number;
  ms: number;
}

/** Publishes {@link EVENTS_PER_ROUND} events, {@link CONCURRENCY} at once, measuring this process's CPU. */
async function publishRound(context: WebhooksContext): Promise<Round> {
  const started = performance.now();
  const cpu = cpuUsage();
  await inParallel(
    Array.from({ length: EVENTS_PER_ROUND }, (_, i) => i),
    CONCURRENCY,
    async () => {
      await context.webhooks.publish(EVENT_TYPE, DATA);
    },
  );
  const used = cpuUsage(cpu);
  return { cpuMicros: used.user + used.system, ms: performance.now() - started };
}

/** The median round's figures: a round slowed by another process's burst does not move it. */
const median = (rounds: readonly Round[]) => ({
  cpuPerEvent: percentile(
    rounds.map((r) => r.cpuMicros / EVENTS_PER_ROUND),
    50,
  ),
  perSecond: percentile(
    rounds.map((r) => (EVENTS_PER_ROUND * 1000) / r.ms),
    50,
  ),
});

/** Rounds of `plain` and `checked`, alternating (ABBA) after a warm-up round of each. */
async function compare(plain: WebhooksContext, checked: WebhooksContext) {
  await publishRound(plain);
  await publishRound(checked);
  const rounds = { plain: [] as Round[], checked: [] as Round[] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['plain', 'checked'] as const) : (['checked', 'plain'] as const);
    for (const which of order) rounds[which].push(await publishRound(which === 'plain' ? plain : checked));
  }
  return { plain: median(rounds.plain), checked: median(rounds.checked) };
}

/** CPU per call of the catalogue's compiled check of {@link DATA}, alone. */
function checkAlone(context: WebhooksContext): number {
  const check = context.app.get(EventTypeCatalogue).validatorOf(EVENT_TYPE);
  if (!check) throw new Error('schemas: the type has no compiled check');
  for (let i = 0; i < 10_000; i++) check(DATA);
  const cpu = cpuUsage();
  for (let i = 0; i < CHECKS; i++) if (check(DATA) !== null) throw new Error('schemas: DATA breaks SCHEMA');
  const used = cpuUsage(cpu);
  return (used.user + used.system) / CHECKS;
}

/**
 * The cost of checking published data against its type's JSON Schema: `publish()` through the
 * library (no HTTP, no worker), with the type's schema in the catalogue and without it, in the same
 * process, rounds alternating so that the machine's load touches both alike: first on the in-memory
 * storage, where the library's own work is all there is (the check's share of it), then on
 * PostgreSQL (group commit, fsync on), what a host sees.
 */
export function schemasSuite(root: string): BenchSuite {
  return {
    name: 'schemas',
    slug: 'schemas',
    async run(): Promise<BenchRow[]> {
      const server = await startBenchDatabase(root);
      let orm: MikroORM | undefined;
      const contexts: WebhooksContext[] = [];
      const start = async (eventType: EventTypeDefinition, inMemory: boolean) => {
        const context = await startWebhooks(orm!, {
          eventTypes: [eventType],
          worker: false,
          ...(inMemory ? { storage: new InMemoryWebhooksStorage() } : {}),
        });
        contexts.push(context);
        return context;
      };
      try {
        orm = await openScenarioOrm(server);
        const memoryPlain = await start(WITHOUT, true);
        const memoryChecked = await start(WITH, true);
        const memory = await compare(memoryPlain, memoryChecked);
        const check = checkAlone(memoryChecked);
        const postgres = await compare(await start(WITHOUT, false), await start(WITH, false));
        const label = 'the same publishes, the type without a schema';
        const size = `median of ${ROUNDS} rounds of ${EVENTS_PER_ROUND.toLocaleString('en-US')} events each, ${CONCURRENCY} at once, alternating with the baseline's`;
        return [
          {
            chartLabel: 'Schema check per event',
            figure: `The schema check alone per event (the catalogue's compiled check of a 10-field order with nested objects and formats, ${CHECKS.toLocaleString('en-US')} calls), beside the whole publish() in memory without it`,
            value: check,
            unit: 'µs',
            baseline: {
              label: 'publish() CPU per event, in memory, no schema',
              chartLabel: 'publish(), no schema',
              value: memory.plain.cpuPerEvent,
            },
          },
          {
            chartLabel: 'publish() CPU per event, in memory',
            figure: `publish() CPU per event through the library alone (in-memory storage), the type with that JSON Schema, ${size}`,
            value: memory.checked.cpuPerEvent,
            unit: 'µs',
            baseline: { label, chartLabel: 'no schema', value: memory.plain.cpuPerEvent },
          },
          {
            chartLabel: 'publish() events/s, PostgreSQL',
            figure: `publish() events/s on PostgreSQL (group commit, fsync on), the type with that JSON Schema, ${size}`,
            value: postgres.checked.perSecond,
            unit: 'events/s',
            baseline: { label, chartLabel: 'no schema', value: postgres.plain.perSecond },
          },
        ];
      } finally {
        for (const context of contexts) await context.close();
        await orm?.close();
        await server.stop();
      }
    },
  };
}
