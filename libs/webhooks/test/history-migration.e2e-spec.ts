import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { ManualClock, parseSecretKey, SecretCipher } from '@org/common';
import { createTestDatabase } from '@org/dev-db';
import type { Receiver } from '@org/receiver';
import { webhooksEntities } from '../src/mikro-orm/entities/webhooks.entities.js';
import { MikroOrmWebhooksStorage } from '../src/mikro-orm/mikro-orm-webhooks.storage.js';
import { WebhooksMigrations } from '../src/mikro-orm/webhooks.migrations.js';
import { runSql } from './support/pg-test-orm.js';
import {
  eventually,
  RECEIVER_SECRET,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';
import { TEST_SECRET_KEY } from './support/test-app.js';

const PARTITIONED = 'Migration20261202100000_partitioned_history';
/** The release before this migration: the ones before it (later ones build on its tables). */
const BEFORE = WebhooksMigrations.slice(
  0,
  WebhooksMigrations.findIndex((m) => m.name === PARTITIONED),
);

/** A MikroORM on `url` that knows `migrations` (the release before this one, or all). */
function openOrm(url: string, migrations = WebhooksMigrations): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: url,
    entities: [...webhooksEntities],
    extensions: [Migrator],
    migrations: { migrationsList: migrations, snapshot: false, snapshotOnMigrate: false, silent: true },
    pool: { min: 0, max: 8 },
    debug: false,
  });
}

/** Columns, indexes and constraints of the two tables, as `pg_catalog` describes them. */
async function shape(orm: MikroORM): Promise<unknown> {
  return {
    columns: await runSql(
      orm,
      `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
       where table_name in ('webhook_event', 'webhook_delivery') order by table_name, ordinal_position`,
    ),
    indexes: await runSql(
      orm,
      `select tablename, indexname, indexdef from pg_indexes where tablename in ('webhook_event', 'webhook_delivery')
       order by indexname`,
    ),
    constraints: await runSql(
      orm,
      `select conrelid::regclass::text as table_name, conname, pg_get_constraintdef(oid) as def from pg_constraint
       where conrelid in ('webhook_event'::regclass, 'webhook_delivery'::regclass) order by conname`,
    ),
    options: await runSql(
      orm,
      `select relname, reloptions from pg_class where relname in ('webhook_event', 'webhook_delivery') order by relname`,
    ),
  };
}

const EVENT_ROWS = 'select * from webhook_event order by id';
const DELIVERY_ROWS = 'select * from webhook_delivery order by id';

/**
 * The rows a database of the previous release holds: subscriptions (one active, pointed at
 * `url`, one paused), fanned and unfanned events (with idempotency keys in two workspaces), and
 * attempts that succeeded, failed, were cancelled, wait to be retried, are held, and a test one.
 */
async function seedPreviousRelease(orm: MikroORM, url: string): Promise<void> {
  const secrets = JSON.stringify([
    {
      ciphertext: new SecretCipher(parseSecretKey(TEST_SECRET_KEY)).encrypt(RECEIVER_SECRET),
      created_at: '2026-03-01T00:00:00.000Z',
      expires_at: null,
    },
  ]);
  await runSql(
    orm,
    `insert into webhook_subscription (id, name, url, event_types, status, secrets, created_at, updated_at)
     values ('whk_active', 'active', ?, '{*}', 'active', ?::jsonb, '2026-03-01', '2026-03-01'),
            ('whk_paused', 'paused', ?, '{*}', 'paused', ?::jsonb, '2026-03-01', '2026-03-01')`,
    [url, secrets, url, secrets],
  );
  const payload = (id: string) =>
    JSON.stringify({ id, event: 'deal.won', created_at: '2026-03-01', data: {} });
  await runSql(
    orm,
    `insert into webhook_event (id, workspace, type, payload, idempotency_key, created_at, fanned_out_at, sequence)
     values ('evt_1', null, 'deal.won', ?, 'deal-1', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z', 1),
            ('evt_2', null, 'deal.won', ?, null, '2026-03-02T10:00:00Z', '2026-03-02T10:00:00Z', 2),
            ('evt_3', 'acme', 'deal.won', ?, 'deal-1', '2026-03-02T11:00:00Z', '2026-03-02T11:00:00Z', 3),
            ('evt_4', null, 'deal.won', ?, 'deal-4', '2026-03-03T10:00:00Z', null, null)`,
    [payload('evt_1'), payload('evt_2'), payload('evt_3'), payload('evt_4')],
  );
  await runSql(
    orm,
    `insert into webhook_delivery (id, subscription_id, event_id, event_type, workspace, attempt, status, next_attempt_at,
       http_status, attempted_at, created_at, sequence, test, retry_at)
     values ('whd_1', 'whk_active', 'evt_1', 'deal.won', null, 1, 'success', '2026-03-01T10:00:00Z', 200,
             '2026-03-01T10:00:01Z', '2026-03-01T10:00:00Z', 1, false, null),
            ('whd_2', 'whk_paused', 'evt_1', 'deal.won', null, 1, 'pending', '2026-03-01T10:00:00Z', null,
             null, '2026-03-01T10:00:00Z', 1, false, null),
            ('whd_3', 'whk_active', 'evt_2', 'deal.won', null, 1, 'failed', '2026-03-02T10:00:00Z', 500,
             '2026-03-02T10:00:01Z', '2026-03-02T10:00:00Z', 2, false, '2026-03-02T10:05:00Z'),
            ('whd_4', 'whk_active', 'evt_2', 'deal.won', null, 2, 'pending', '2026-03-02T10:05:00Z', null,
             null, '2026-03-02T10:00:01Z', 2, false, null),
            ('whd_5', 'whk_active', 'evt_2', 'deal.won', null, 1, 'cancelled', '2026-03-02T10:00:00Z', null,
             null, '2026-03-02T10:00:00Z', 2, false, null),
            ('whd_6', 'whk_active', 'evt_sample', 'webhook.ping', null, 1, 'success', '2026-03-02T12:00:00Z', 200,
             '2026-03-02T12:00:00Z', '2026-03-02T12:00:00Z', null, true, null)`,
  );
}

describe('the partitioned-history migration on a database of the previous release', () => {
  let database: { url: string; drop: () => Promise<void> };
  let orm: MikroORM;
  let receiver: Receiver;
  let app: DeliveryApp | undefined;
  let before: { shape: unknown; events: unknown[]; deliveries: unknown[] };

  beforeEach(async () => {
    database = await createTestDatabase();
    receiver = await startReceiver();
    const previous = await openOrm(database.url, BEFORE);
    await previous.migrator.up();
    await seedPreviousRelease(previous, receiver.url);
    before = {
      shape: await shape(previous),
      events: await runSql(previous, EVENT_ROWS),
      deliveries: await runSql(previous, DELIVERY_ROWS),
    };
    await previous.close(true);
    orm = await openOrm(database.url);
    await orm.migrator.up();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await orm.close(true);
    await receiver.close();
    await database.drop();
  });

  it('keeps every row, puts pending ones in the hot partition and the rest in their days', async () => {
    const strip = <T extends Record<string, unknown>>(rows: T[], ...extra: string[]) =>
      rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !extra.includes(key))));
    expect(strip(await runSql(orm, EVENT_ROWS))).toEqual(before.events);
    expect(strip(await runSql(orm, DELIVERY_ROWS), 'event_created_at', 'settled_at', 'request_body')).toEqual(
      before.deliveries,
    );
    expect(
      await runSql(
        orm,
        `select id, tableoid::regclass::text as partition, settled_at = 'infinity' as pending,
                to_char(event_created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as event_created_at
         from webhook_delivery order by id`,
      ),
    ).toEqual([
      {
        id: 'whd_1',
        partition: 'webhook_delivery_p20260301',
        pending: false,
        event_created_at: '2026-03-01 10:00',
      },
      {
        id: 'whd_2',
        partition: 'webhook_delivery_pending',
        pending: true,
        event_created_at: '2026-03-01 10:00',
      },
      {
        id: 'whd_3',
        partition: 'webhook_delivery_p20260302',
        pending: false,
        event_created_at: '2026-03-02 10:00',
      },
      {
        id: 'whd_4',
        partition: 'webhook_delivery_pending',
        pending: true,
        event_created_at: '2026-03-02 10:00',
      },
      {
        id: 'whd_5',
        partition: 'webhook_delivery_p20260302',
        pending: false,
        event_created_at: '2026-03-02 10:00',
      },
      { id: 'whd_6', partition: 'webhook_delivery_p20260302', pending: false, event_created_at: null },
    ]);
    expect(
      await runSql(orm, `select id, tableoid::regclass::text as partition from webhook_event order by id`),
    ).toEqual([
      { id: 'evt_1', partition: 'webhook_event_p20260301' },
      { id: 'evt_2', partition: 'webhook_event_p20260302' },
      { id: 'evt_3', partition: 'webhook_event_p20260302' },
      { id: 'evt_4', partition: 'webhook_event_p20260303' },
    ]);
    expect(
      await runSql(orm, 'select scope, idempotency_key, event_id from webhook_event_key order by event_id'),
    ).toEqual([
      { scope: '', idempotency_key: 'deal-1', event_id: 'evt_1' },
      { scope: 'acme', idempotency_key: 'deal-1', event_id: 'evt_3' },
      { scope: '', idempotency_key: 'deal-4', event_id: 'evt_4' },
    ]);
  });

  it('then delivers what was pending, fans out what was not, and replays, logs and dedupes as before', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 3, 12));
    app = await startDeliveryApp(new MikroOrmWebhooksStorage(orm), { clock });
    // The due retry of evt_2 and the fan-out of evt_4; the paused subscription holds its own.
    await receiver.waitFor(2);
    expect(receiver.requests.map((r) => r.eventId).sort()).toEqual(['evt_2', 'evt_4']);
    const log = async () =>
      (await app!.as(null).get('/api/webhooks/whk_active/deliveries').expect(200)).body.data as Array<{
        id: string;
        event_id: string;
        status: string;
      }>;
    await eventually(async () => expect((await log()).filter((d) => d.status === 'pending')).toEqual([]));
    expect((await log()).filter((d) => d.id.length === 5).map((d) => [d.id, d.status])).toEqual([
      ['whd_6', 'success'],
      ['whd_4', 'success'],
      ['whd_3', 'failed'],
      ['whd_1', 'success'],
    ]);
    const held = (await app.as(null).get('/api/webhooks/whk_paused/deliveries').expect(200)).body.data;
    expect(held.map((d: { event_id: string; status: string }) => [d.event_id, d.status]).sort()).toEqual([
      ['evt_1', 'pending'],
      ['evt_4', 'pending'],
    ]);

    await app.as(null).post('/api/webhooks/whk_active/replay').send({ event_id: 'evt_1' }).expect(200);
    await receiver.waitFor(4);
    expect(
      receiver.requests
        .slice(2)
        .map((r) => r.eventId)
        .sort(),
    ).toEqual(['evt_2', 'evt_4']);

    // Keys kept their events: a repeat returns the original, another body under the key is refused.
    const repeat = await app.webhooks.publish('deal.won', {}, { idempotencyKey: 'deal-4' });
    expect(repeat.id).toBe('evt_4');
    await app
      .as(null)
      .post('/api/events')
      .send({ type: 'deal.won', data: { other: 1 }, idempotency_key: 'deal-4' })
      .expect(409);
    const fresh = await app.webhooks.publish('deal.won', {}, { idempotencyKey: 'deal-5' });
    expect(fresh.id).not.toBe('evt_4');
  });

  it('down() restores the previous shape with every row', async () => {
    await orm.migrator.down({ to: BEFORE[BEFORE.length - 1].name }); // this migration and those after it
    expect(await shape(orm)).toEqual(before.shape);
    expect(await runSql(orm, EVENT_ROWS)).toEqual(before.events);
    expect(await runSql(orm, DELIVERY_ROWS)).toEqual(before.deliveries);
    expect(
      await runSql(
        orm,
        `select 1 from pg_class where relname in ('webhook_event_key', 'webhook_delivery_pending')`,
      ),
    ).toEqual([]);
  });
});
