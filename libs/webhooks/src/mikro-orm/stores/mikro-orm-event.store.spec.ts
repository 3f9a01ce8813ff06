import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { anEvent } from '../../../test/support/contract-fixtures.js';
import { createMigratedTestOrm, type TestOrm } from '../../../test/support/pg-test-orm.js';
import { EVENT_PUBLISHED_CHANNEL } from '../pg-channels.js';
import { MikroOrmEventStore } from './mikro-orm-event.store.js';

describe('MikroOrmEventStore inside a caller transaction', () => {
  let test: TestOrm;
  let store: MikroOrmEventStore;
  let listener: pg.Client;
  const notifications: string[] = [];

  beforeAll(async () => {
    test = await createMigratedTestOrm();
    store = new MikroOrmEventStore(test.orm);
    listener = new pg.Client({ connectionString: test.url });
    await listener.connect();
    listener.on('notification', (message) => notifications.push(message.channel));
    await listener.query(`listen ${EVENT_PUBLISHED_CHANNEL}`);
  });
  afterAll(async () => {
    await listener.end();
    await test.close();
  });

  const count = async (id: string) =>
    (await test.orm.em.getConnection().execute('select 1 from webhook_event where id = ?', [id])).length;
  /** A round trip on the listening connection, after which any notification already sent has arrived. */
  const settle = () => listener.query('select 1');

  it('stores nothing and wakes nobody when the caller rolls back', async () => {
    const event = anEvent();
    notifications.length = 0;
    await expect(
      test.orm.em.fork().transactional(async (em) => {
        await store.insertEvent(event, { em });
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
      await store.insertEvent(event, { em });
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
    await store.insertEvent(first);
    await settle();
    notifications.length = 0;
    const repeat = await store.insertEvent(anEvent({ idempotencyKey: 'k-1' }));
    await settle();
    expect(repeat).toEqual({ event: first, created: false });
    expect(notifications).toEqual([]);
  });

  it('refuses an `em` that is not a MikroORM EntityManager', async () => {
    await expect(store.insertEvent(anEvent(), { em: {} })).rejects.toThrow(TypeError);
  });
});
