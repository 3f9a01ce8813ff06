import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlRunner, type SqlStatement } from '@org/common/sql';
import type { AttemptOutcome, ClaimedDelivery } from '../src/interfaces/delivery.interface.js';
import type { EventRecord } from '../src/interfaces/webhook-event.interface.js';
import type { InsertedEvent } from '../src/storage/event-store.interface.js';
import { MikroOrmEventStore } from '../src/mikro-orm/stores/mikro-orm-event.store.js';
import { FIND_BY_IDEMPOTENCY_KEYS } from '../src/mikro-orm/stores/webhook-event.sql.js';
import {
  CLAIM,
  FAN_OUT,
  NEXT_DUE,
  RECORD,
  RECORD_LOCKING,
  RELEASE,
} from '../src/mikro-orm/stores/webhook-delivery.sql.js';
import { QUEUE_SNAPSHOT } from '../src/mikro-orm/stores/queue-snapshot.sql.js';
import pg from 'pg';
import { anEvent } from './support/contract-fixtures.js';
import { pgHarness, type DeliveryStorageHarness } from './support/delivery-storage.harness.js';
import { genericPlan, planNodes, relationsIn } from './support/generic-plan.js';
import { until } from '../../common/test/support/until.js';

const DAY_MS = 24 * 3600_000;
/** Day 0 of these tests: 2026-03-01, midnight UTC. */
const D0 = Date.UTC(2026, 2, 1);
const at = (days: number, hours = 12): Date => new Date(D0 + days * DAY_MS + hours * 3600_000);
const LEASE = { leaseMs: 30_000, workerId: 'w1' };

function outcomeOf(
  claim: ClaimedDelivery,
  attemptedAt: Date,
  next: AttemptOutcome['next'] = null,
): AttemptOutcome {
  return {
    deliveryId: claim.id,
    leaseToken: claim.leaseToken,
    subscriptionId: claim.subscriptionId,
    ok: next === null,
    httpStatus: next === null ? 200 : 500,
    error: next === null ? null : 'HTTP 500',
    responseBody: 'ok',
    durationMs: 3,
    attemptedAt,
    next,
    url: 'https://example.com/hook',
    requestHeaders: {},
    responseHeaders: {},
    errorClass: next === null ? null : 'http_status',
    holdUntil: null,
    backoff: false,
    gone: false,
  };
}

type Harness = DeliveryStorageHarness & { orm: MikroORM; url: string };

/** Where the row with `id` lives: its partition's name. */
async function partitionOf(orm: MikroORM, table: string, id: string): Promise<string | undefined> {
  const rows = await orm.em
    .getConnection()
    .execute<{ part: string }[]>(`select tableoid::regclass::text as part from ${table} where id = ?`, [id]);
  return rows[0]?.part;
}

/**
 * The day partitions, less `besides` (the days the migration made for the database's own clock,
 * which the mocked clock of these tests never reaches).
 */
async function dayPartitions(orm: MikroORM, besides: readonly string[] = []): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<{ name: string }[]>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent in ('webhook_delivery'::regclass, 'webhook_event'::regclass) and c.relname ~ '_p[0-9]{8}$'
     order by 1`,
  );
  return rows.map((row) => row.name).filter((name) => !besides.includes(name));
}

describe('attempt and event history in day partitions (PostgreSQL)', () => {
  let h: Harness;
  let events: MikroOrmEventStore;
  /** The day partitions the migration made for the database's clock (today and 3 days ahead). */
  let migrationDays: string[];
  /** One event through the store's batch insert (what a lone publish does). */
  const insertEvent = async (event: EventRecord): Promise<InsertedEvent> =>
    (await events.insertEvents([event]))[0];
  beforeEach(async () => {
    h = await pgHarness();
    events = new MikroOrmEventStore(h.orm);
    migrationDays = await dayPartitions(h.orm);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.close();
  });

  it('makes the partitions of today and the days ahead, and moves rows that waited in the default partition', async () => {
    const early = await insertEvent(anEvent({ createdAt: at(0) }));
    expect(await partitionOf(h.orm, 'webhook_event', early.event.id)).toBe('webhook_event_default');

    await h.maintenance.prepareHistory(at(0));
    expect(await dayPartitions(h.orm, migrationDays)).toEqual([
      'webhook_delivery_p20260301',
      'webhook_delivery_p20260302',
      'webhook_delivery_p20260303',
      'webhook_delivery_p20260304',
      'webhook_event_p20260301',
      'webhook_event_p20260302',
      'webhook_event_p20260303',
      'webhook_event_p20260304',
    ]);
    expect(await partitionOf(h.orm, 'webhook_event', early.event.id)).toBe('webhook_event_p20260301');
    await h.maintenance.prepareHistory(at(0)); // idempotent
    expect(await dayPartitions(h.orm, migrationDays)).toHaveLength(8);

    // A clock far ahead of maintenance: the row waits in the default partition, then moves.
    const late = await insertEvent(anEvent({ createdAt: at(40) }));
    expect(await partitionOf(h.orm, 'webhook_event', late.event.id)).toBe('webhook_event_default');
    await h.maintenance.prepareHistory(at(1));
    expect(await partitionOf(h.orm, 'webhook_event', late.event.id)).toBe('webhook_event_p20260410');
  });

  it('makes today and the next 3 days with the tables, by the database clock, so a fresh install never fills the default partitions', async () => {
    const days = (table: string) =>
      migrationDays.filter((name) => name.startsWith(`${table}_p`)).map((name) => name.slice(-8));
    const [{ today }] = await h.orm.em
      .getConnection()
      .execute<{ today: string }[]>(`select to_char((now() at time zone 'UTC')::date, 'YYYYMMDD') as today`);
    for (const table of ['webhook_event', 'webhook_delivery']) {
      const made = days(table);
      expect(made).toHaveLength(4);
      // Consecutive days; the first is today, or yesterday when the shared template database was
      // migrated before midnight.
      const first = Date.UTC(+made[0]!.slice(0, 4), +made[0]!.slice(4, 6) - 1, +made[0]!.slice(6, 8));
      made.forEach((day, i) =>
        expect(day).toBe(new Date(first + i * DAY_MS).toISOString().slice(0, 10).replaceAll('-', '')),
      );
      const todayMs = Date.UTC(+today.slice(0, 4), +today.slice(4, 6) - 1, +today.slice(6, 8));
      expect([todayMs, todayMs - DAY_MS]).toContain(first);
    }
  });

  it('holds readers back while rows move from the default partition into a new day, so none misses them', async () => {
    // A reader that ran during the move once saw the rows gone from the default partition while it
    // still planned without the new day: a 201-acknowledged event answered 404 (seen under load).
    const late = await insertEvent(anEvent({ createdAt: at(40) }));
    expect(await partitionOf(h.orm, 'webhook_event', late.event.id)).toBe('webhook_event_default');
    const mover = new pg.Client({ connectionString: h.url });
    const reader = new pg.Client({ connectionString: h.url });
    await Promise.all([mover.connect(), reader.connect()]);
    try {
      await mover.query('begin');
      await mover.query(`select webhooks_attach_day_partition('webhook_event', 'created_at', '2026-04-10')`);
      const [{ pid }] = (await reader.query<{ pid: number }>('select pg_backend_pid() as pid')).rows;
      const read = reader.query<{ id: string }>('select id from webhook_event where id = $1', [
        late.event.id,
      ]);
      // The reader waits for the parent table itself (before it plans), not for the default partition.
      const waitingFor = await until(
        async () => {
          const rows = await h.orm.em
            .getConnection()
            .execute<{ relation: string }[]>(
              `select relation::regclass::text as relation from pg_locks where pid = ? and not granted`,
              [pid],
            );
          return rows[0]?.relation;
        },
        { what: "the reader's query waiting for a lock" },
      );
      expect(waitingFor).toBe('webhook_event');
      await mover.query('commit');
      expect((await read).rows).toEqual([{ id: late.event.id }]);
      expect(await partitionOf(h.orm, 'webhook_event', late.event.id)).toBe('webhook_event_p20260410');
    } finally {
      await mover.query('rollback').catch(() => undefined);
      await Promise.all([mover.end(), reader.end()]);
    }
  });

  it('keeps pending work in the hot partition and moves an attempt into its day when it is recorded or cancelled', async () => {
    await h.maintenance.prepareHistory(at(0));
    const subscription = await h.addSubscription();
    const cancelled = await h.addSubscription();
    await insertEvent(anEvent({ createdAt: at(0) }));
    await h.queue.fanOutEvents({ limit: 10, now: at(0) });
    const [claim] = (await h.queue.claimDueDeliveries({ limit: 10, now: at(0), ...LEASE })).filter(
      (c) => c.subscriptionId === subscription.id,
    );
    expect(await partitionOf(h.orm, 'webhook_delivery', claim!.id)).toBe('webhook_delivery_pending');
    await h.queue.recordAttempts([outcomeOf(claim!, at(1, 3))], { disableAfterFailures: 20, now: at(1, 3) });
    expect(await partitionOf(h.orm, 'webhook_delivery', claim!.id)).toBe('webhook_delivery_p20260302');

    const [pending] = (await h.attempts()).filter((a) => a.subscriptionId === cancelled.id);
    await h.setSubscription(cancelled.id, { deletedAt: at(2, 1) });
    expect(await partitionOf(h.orm, 'webhook_delivery', pending!.id)).toBe('webhook_delivery_p20260303');
  });

  it('drops whole days past retention, and keeps what is pending, held, retained or still referred to', async () => {
    await h.maintenance.prepareHistory(at(0));
    const active = await h.addSubscription({ eventTypes: ['deal.*'] });
    const paused = await h.addSubscription({ eventTypes: ['task.*'], status: 'paused' });
    // Day 0: delivered at once, under an idempotency key.
    const delivered = await insertEvent(
      anEvent({ type: 'deal.won', createdAt: at(0), idempotencyKey: 'deal-1-won' }),
    );
    // Day 1: to a paused subscription: held, pending.
    const held = await insertEvent(anEvent({ type: 'task.created', createdAt: at(1) }));
    // Day 2: failed, retried successfully within retention (day 12).
    const retried = await insertEvent(anEvent({ type: 'deal.lost', createdAt: at(2) }));
    await h.queue.fanOutEvents({ limit: 10, now: at(2) });
    // Day 3: never fanned out.
    const unfanned = await insertEvent(anEvent({ type: 'contact.created', createdAt: at(3) }));

    const claims = await h.queue.claimDueDeliveries({ limit: 10, now: at(2), ...LEASE });
    expect(claims.map((c) => c.subscriptionId)).toEqual([active.id, active.id]);
    const byEvent = new Map(claims.map((c) => [c.eventId, c]));
    await h.queue.recordAttempts(
      [
        outcomeOf(byEvent.get(delivered.event.id)!, at(2)),
        outcomeOf(byEvent.get(retried.event.id)!, at(2), { id: 'whd_retry', attempt: 2, at: at(12) }),
      ],
      { disableAfterFailures: 20, now: at(2) },
    );
    await h.maintenance.prepareHistory(at(12));
    const [retry] = await h.queue.claimDueDeliveries({ limit: 10, now: at(12), ...LEASE });
    await h.queue.recordAttempts([outcomeOf(retry!, at(12))], { disableAfterFailures: 20, now: at(12) });

    // Retention of two days on day 12: everything before day 10 may go.
    const result = await h.maintenance.pruneBefore(at(10, 0));
    expect(result).toEqual({
      removed: 5, // the attempts of days 0 to 3, the events of day 0
      kept: [
        { name: 'webhook_event_p20260302', reason: 'attempts still refer to its events' },
        { name: 'webhook_event_p20260303', reason: 'attempts still refer to its events' },
        { name: 'webhook_event_p20260304', reason: 'events not fanned out yet' },
      ],
    });
    expect(await dayPartitions(h.orm, migrationDays)).toEqual([
      'webhook_delivery_p20260313',
      'webhook_delivery_p20260314',
      'webhook_delivery_p20260315',
      'webhook_delivery_p20260316',
      'webhook_event_p20260302',
      'webhook_event_p20260303',
      'webhook_event_p20260304',
      'webhook_event_p20260313',
      'webhook_event_p20260314',
      'webhook_event_p20260315',
      'webhook_event_p20260316',
    ]);

    const log = await h.log.listDeliveries({ scope: null, limit: 10 });
    expect(log.map((d) => [d.eventId, d.status])).toEqual([
      [retried.event.id, 'success'],
      [held.event.id, 'pending'],
    ]);
    expect(await events.findEvent(delivered.event.id, null)).toBeNull();
    expect(await events.findEvent(retried.event.id, null)).not.toBeNull();
    // The key left with its event: the same key now stores a new event.
    const again = await insertEvent(
      anEvent({ type: 'deal.won', createdAt: at(12), idempotencyKey: 'deal-1-won' }),
    );
    expect(again.created).toBe(true);

    // The held attempt is delivered once resumed; the late event still fans out.
    await h.setSubscription(paused.id, { status: 'active' });
    const resumed = await h.queue.claimDueDeliveries({ limit: 10, now: at(12), ...LEASE });
    expect(resumed.map((c) => c.eventId)).toEqual([held.event.id]);
    expect(JSON.parse(resumed[0]!.payload).id).toBe(held.event.id);
    expect(await h.queue.fanOutEvents({ limit: 10, now: at(12) })).toBe(2); // the late one and the new one
    expect(await events.findEvent(unfanned.event.id, null)).not.toBeNull();
  });

  it('keeps an idempotency key exact while its event is retained, also for concurrent publishes', async () => {
    await h.maintenance.prepareHistory(at(0));
    const bodies = Array.from({ length: 8 }, () => anEvent({ createdAt: at(0), idempotencyKey: 'same' }));
    const results = await Promise.all(bodies.map((event) => insertEvent(event)));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const first = results.find((r) => r.created)!.event;
    for (const result of results) expect(result.event).toEqual(first);
    // Another workspace has keys of its own.
    expect((await insertEvent(anEvent({ workspace: 'acme', idempotencyKey: 'same' }))).created).toBe(true);
    // Retention within the event's day keeps it and its key.
    expect(await h.maintenance.pruneBefore(at(0, 23))).toEqual({ removed: 0, kept: [] });
    expect((await insertEvent(anEvent({ createdAt: at(1), idempotencyKey: 'same' }))).event).toEqual(first);
  });

  describe('generic plans of the hot path', () => {
    /** Every statement the store runs, with its values, as the runner receives them. */
    let ran: Array<{ statement: SqlStatement; values: readonly unknown[] }>;

    beforeEach(async () => {
      // History beside the queue: three days of finished attempts and their events.
      for (let day = 0; day < 3; day++) await h.maintenance.prepareHistory(at(day));
      await h.orm.em.getConnection().execute(`
        insert into webhook_event (id, type, payload, created_at, fanned_out_at)
        select 'evt_h' || n, 'deal.won', '{}', timestamptz '2026-03-01' + (n % 3) * interval '1 day', now()
        from generate_series(1, 3000) n`);
      const subscription = await h.addSubscription({ eventTypes: ['deal.*'] });
      await h.orm.em.getConnection().execute(
        `insert into webhook_delivery (id, subscription_id, event_id, event_type, attempt, status, next_attempt_at,
           created_at, event_created_at, settled_at, attempted_at)
         select 'whd_h' || n, ?, 'evt_h' || n, 'deal.won', 1, 'success', t, t, t, t, t
         from (select n, timestamptz '2026-03-01' + (n % 3) * interval '1 day' + interval '1 hour' as t
               from generate_series(1, 3000) n) g`,
        [subscription.id],
      );
      await h.orm.em.getConnection().execute('analyze webhook_delivery, webhook_event');
      ran = [];
      const run = SqlRunner.prototype.run;
      jest.spyOn(SqlRunner.prototype, 'run').mockImplementation(function (
        this: SqlRunner,
        statement,
        values,
        within,
      ) {
        ran.push({ statement, values: values ?? [] });
        return run.call(this, statement, values, within);
      });
      // Two events on day 2, fanned out: one to claim for real, one left for the analyzed claim.
      await insertEvent(anEvent({ type: 'deal.won', createdAt: at(2, 13) }));
      await insertEvent(anEvent({ type: 'deal.won', createdAt: at(2, 14) }));
      await h.queue.fanOutEvents({ limit: 10, now: at(2, 15) });
      const [claim] = await h.queue.claimDueDeliveries({ limit: 1, now: at(2, 15), ...LEASE });
      await h.queue.recordAttempts([outcomeOf(claim!, at(2, 15))], {
        disableAfterFailures: 20,
        now: at(2, 15),
      });
      await h.queue.releaseClaims([{ deliveryId: claim!.id, leaseToken: claim!.leaseToken }]);
      await h.queue.nextDueAt();
      await h.maintenance.queueSnapshot(at(2, 15));
      await insertEvent(anEvent({ createdAt: at(2, 16), idempotencyKey: 'k' }));
      await insertEvent(anEvent({ createdAt: at(2, 16), idempotencyKey: 'k' }));
    });

    // The record statement has two forms (PostgreSQL 18's `RETURNING old`, and locking before it):
    // what ran on this server stands for RECORD.
    const forms = (statement: SqlStatement): string[] =>
      statement === RECORD ? [RECORD.name, RECORD_LOCKING.name] : [statement.name];
    const ranAs = (statement: SqlStatement): { statement: SqlStatement; values: readonly unknown[] } => {
      const found = ran.find((r) => forms(statement).includes(r.statement.name));
      if (!found) throw new Error(`${statement.name} did not run`);
      return found;
    };
    const values = (statement: SqlStatement): readonly unknown[] => ranAs(statement).values;

    it.each([CLAIM, RECORD, RELEASE, NEXT_DUE, QUEUE_SNAPSHOT, FAN_OUT])(
      '$name touches the hot attempt partition only',
      async (statement) => {
        const plan = await genericPlan(h.url, ranAs(statement).statement, values(statement));
        const attempts = relationsIn(plan, 'webhook_delivery');
        expect(attempts.length).toBeGreaterThan(0);
        for (const name of attempts) expect(['webhook_delivery', 'webhook_delivery_pending']).toContain(name);
      },
    );

    it("prunes the claim's join to the event payload to the event's partition at run time", async () => {
      const generic = await genericPlan(h.url, CLAIM, values(CLAIM));
      // The generic plan keeps every event partition (the day is a run-time value)…
      expect(relationsIn(generic, 'webhook_event_').length).toBeGreaterThanOrEqual(3);
      // …and running it reads only the claimed event's.
      const run = await genericPlan(h.url, CLAIM, values(CLAIM), true);
      expect(
        planNodes(run).some((node) => (node['Subplans Removed'] ?? 0) > 0 || node['Actual Loops'] === 0),
      ).toBe(true);
      expect(relationsIn(run, 'webhook_event_', true)).toEqual(['webhook_event_p20260303']);
      expect(relationsIn(run, 'webhook_delivery', true)).toContain('webhook_delivery_pending');
      for (const name of relationsIn(run, 'webhook_delivery', true))
        expect(['webhook_delivery', 'webhook_delivery_pending']).toContain(name);
    });

    it('finds an idempotent repeat in its event partition only', async () => {
      const run = await genericPlan(h.url, FIND_BY_IDEMPOTENCY_KEYS, values(FIND_BY_IDEMPOTENCY_KEYS), true);
      expect(relationsIn(run, 'webhook_event_', true)).toEqual([
        'webhook_event_key',
        'webhook_event_p20260303',
      ]);
    });
  });
});
