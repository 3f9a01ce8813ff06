import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENT_PUBLISHED_CHANNEL } from '../src/mikro-orm/pg-channels.js';
import { listenForPublishedEvents } from '../src/mikro-orm/pg-notify.listener.js';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { anEvent } from './support/contract-fixtures.js';
import { openSecondOrm } from './support/second-orm.js';
import { createMigratedTestOrm, type TestOrm } from './support/pg-test-orm.js';

import { until as untilReached } from '../../common/test/support/until.js';

const until = (check: () => boolean) => untilReached(check, { what: 'the listeners woken as counted' });

describe('listenForPublishedEvents (PostgreSQL LISTEN/NOTIFY)', () => {
  let db: TestOrm;
  beforeAll(async () => {
    db = await createMigratedTestOrm();
  });
  afterAll(async () => {
    await db.close();
  });

  const notify = (): Promise<unknown> =>
    db.orm.em.getConnection().execute(`select pg_notify('${EVENT_PUBLISHED_CHANNEL}', '')`);

  it('wakes on every notification, survives a dropped connection, and stops cleanly', async () => {
    let calls = 0;
    const stop = await listenForPublishedEvents(db.orm, () => calls++);
    await notify();
    await until(() => calls === 1);

    // Kill the listening backend, as a server restart or a network cut would.
    await db.orm.em
      .getConnection()
      .execute(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'webhooks-listener' and datname = current_database()`,
      );
    // After reconnecting it calls once (notifications may have been missed meanwhile) ...
    await until(() => calls === 2);
    // ... and listens again.
    await notify();
    await until(() => calls === 3);

    await stop();
    const listeners = await db.orm.em
      .getConnection()
      .execute(
        `select count(*)::int as n from pg_stat_activity where application_name = 'webhooks-listener' and datname = current_database()`,
      );
    expect(listeners[0].n).toBe(0);
    // Its chance: a probe listener started now gets the next notification; the stopped one does not.
    let probed = 0;
    const stopProbe = await listenForPublishedEvents(db.orm, () => probed++);
    try {
      await notify();
      await until(() => probed === 1);
      expect(calls).toBe(3);
    } finally {
      await stopProbe();
    }
  });

  it('wakes another instance after a group-committed publish, and this one in-process only once', async () => {
    const secondOrm = await openSecondOrm(db.url);
    const here = new MikroOrmWebhooksStorage(db.orm);
    const there = new MikroOrmWebhooksStorage(secondOrm);
    let wokenHere = 0;
    let wokenThere = 0;
    const stopHere = await here.listen(() => wokenHere++);
    const stopThere = await there.listen(() => wokenThere++);
    try {
      await here.events.insertEvents([anEvent()]);
      // In-process, before the publish even resolved for its caller...
      expect(wokenHere).toBe(1);
      // ...and the other instance through the NOTIFY sent after commit.
      await until(() => wokenThere === 1);
      // A NOTIFY from elsewhere wakes both; this instance's own (sent before it) was skipped.
      await notify();
      await until(() => wokenHere === 2 && wokenThere === 2);
      // A listener gets notifications in commit order: once a probe NOTIFY, sent after both, woke
      // this instance, its own NOTIFY has had its chance; had it counted, this would be 4.
      await notify();
      await until(() => wokenThere === 3 && wokenHere >= 3);
      expect(wokenHere).toBe(3);
    } finally {
      await stopHere();
      await stopThere();
      await secondOrm.close(true);
    }
  });
});
