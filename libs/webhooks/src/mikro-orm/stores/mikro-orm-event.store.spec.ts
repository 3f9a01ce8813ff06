import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { anEvent, insertOne } from '../../../test/support/contract-fixtures.js';
import { createMigratedTestOrm, type TestOrm } from '../../../test/support/pg-test-orm.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
import { SqlRunner } from '@org/common/sql';
import { PublishWakeUp } from '../publish.wake-up.js';
import { MikroOrmEventStore } from './mikro-orm-event.store.js';
import { until as untilReached } from '../../../../common/test/support/until.js';

describe('MikroOrmEventStore wake-ups, inside and outside a caller transaction', () => {
  let test: TestOrm;
  let store: MikroOrmEventStore;
  let listener: pg.Client;
  const notifications: string[] = [];
  const payloads: string[] = [];

  beforeAll(async () => {
    test = await createMigratedTestOrm();
    store = new MikroOrmEventStore(test.orm);
    listener = new pg.Client({ connectionString: test.url });
    await listener.connect();
    listener.on('notification', (message) => {
      notifications.push(message.channel);
      payloads.push(message.payload ?? '');
    });
    await listener.query(`listen ${EVENT_PUBLISHED_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await test.close();
  });

  const count = async (id: string) =>
    (await test.orm.em.getConnection().execute('select 1 from webhook_event where id = ?', [id])).length;
  const until = (check: () => boolean) => untilReached(check, { what: 'the notification' });
  /** A round trip on the listening connection, after which any notification already sent has arrived. */
  const settle = () => listener.query('select 1');

  it('stores nothing and wakes nobody when the caller rolls back', async () => {
    const event = anEvent();
    notifications.length = 0;
    await expect(
      test.orm.em.fork().transactional(async (em) => {
        await insertOne(store, event, { em });
        // Visible inside the transaction, before commit...
        expect(await em.execute('select id from webhook_event where id = ?', [event.id])).toHaveLength(1);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    await settle();
    expect(await count(event.id)).toBe(0);
    expect(notifications).toEqual([]);
  });

  it('stores the event and notifies only once the caller commits', async () => {
    const event = anEvent();
    notifications.length = 0;
    await test.orm.em.fork().transactional(async (em) => {
      await insertOne(store, event, { em });
      await settle();
      expect(notifications).toEqual([]);
      // ...and not visible to other connections until commit.
      expect(await count(event.id)).toBe(0);
    });
    await settle();
    expect(await count(event.id)).toBe(1);
    expect(notifications).toEqual([EVENT_PUBLISHED_CHANNEL]);
  });

  it('does not notify for an idempotent repeat', async () => {
    const first = anEvent({ idempotencyKey: 'k-1' });
    notifications.length = 0;
    await insertOne(store, first);
    // Outside a transaction the NOTIFY is sent after commit, on its own: wait for it.
    await until(() => notifications.length === 1);
    notifications.length = 0;
    const repeat = await insertOne(store, anEvent({ idempotencyKey: 'k-1' }));
    await settle();
    expect(repeat).toEqual({ event: first, created: false });
    expect(notifications).toEqual([]);
  });

  it('outside a transaction, wakes local listeners at once and sends one NOTIFY per interval, after commit', async () => {
    const wakeUp = new PublishWakeUp(new SqlRunner(test.orm.em), 600_000);
    const grouped = new MikroOrmEventStore(test.orm, wakeUp);
    let local = 0;
    const stop = wakeUp.addListener(() => local++);
    notifications.length = 0;
    payloads.length = 0;
    for (let i = 0; i < 5; i++) await insertOne(grouped, anEvent());
    await grouped.insertEvents([anEvent(), anEvent()]);
    stop();
    // Every commit woke this process in-process...
    expect(local).toBe(6);
    // ...and the others once (leading edge); the trailing one waits for the end of the interval.
    await until(() => notifications.length === 1);
    await settle();
    expect(notifications).toEqual([EVENT_PUBLISHED_CHANNEL]);
    expect(payloads).toEqual([wakeUp.origin]);
  });

  it('refuses an `em` that is not a MikroORM EntityManager', async () => {
    await expect(insertOne(store, anEvent(), { em: {} })).rejects.toThrow(TypeError);
  });
});
