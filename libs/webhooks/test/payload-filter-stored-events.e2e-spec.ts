import { describe, expect, it } from '@jest/globals';
import { SubscriptionsService, WebhooksService } from '@org/webhooks';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';
import { runSql } from './support/pg-test-orm.js';

const url = 'https://example.com/hook';
const postgres = storageHarnesses.filter((harness) => harness.name === 'postgresql');

// Publish refuses what jsonb cannot hold, but an older release stored event bodies as text without
// that check: a filtered fan-out must not fail on such a row forever and hold every later event.
describe.each(postgres)('payload filters beside stored events jsonb cannot parse ($name)', (harness) => {
  const ctx = useStorageApp(harness, { eventTypes: [{ name: 'order.paid', description: 'paid' }] });

  it('fans the other events out; the unparseable one reaches unfiltered subscriptions only', async () => {
    const subscriptions = ctx.app.app.get(SubscriptionsService);
    const webhooks = ctx.app.app.get(WebhooksService);
    const filtered = (await subscriptions.create({ name: 'f', url, filter: { 'data.n': { $gte: 1 } } }, null))
      .subscription;
    const all = (await subscriptions.create({ name: 'all', url }, null)).subscription;
    ctx.clock.advance(1000);
    const legacy = [];
    // A lone surrogate escape, a NUL escape, and a lone one after an escaped backslash-run.
    for (const bad of ['\\ud800', '\\u0000', 'x\\\\\\udc00']) {
      const event = await webhooks.publish('order.paid', { n: 1, note: 'placeholder' });
      await runSql(
        ctx.under.orm!,
        `update webhook_event set payload = replace(payload, 'placeholder', ?) where id = ?`,
        [bad, event.id],
      );
      legacy.push(event.id);
    }
    // An escaped backslash followed by the letters "ud800" is well-formed: still matched by the filter.
    const lookalike = await webhooks.publish('order.paid', { n: 2, note: '\\ud800' });
    const good = await webhooks.publish('order.paid', { n: 3 });
    const skipped = await webhooks.publish('order.paid', { n: 0 });
    const fanned = await ctx.under.storage.deliveryQueue.fanOutEvents({ limit: 1000, now: ctx.clock.now() });
    expect(fanned).toBe(6);
    const rows = await runSql<{ subscription_id: string; event_id: string }>(
      ctx.under.orm!,
      'select subscription_id, event_id from webhook_delivery order by event_id, subscription_id',
    );
    const pairs = rows.map((row) => `${row.subscription_id} ${row.event_id}`).sort();
    const expected = [
      ...legacy.map((id) => `${all.id} ${id}`),
      ...[lookalike.id, good.id, skipped.id].map((id) => `${all.id} ${id}`),
      `${filtered.id} ${lookalike.id}`,
      `${filtered.id} ${good.id}`,
    ].sort();
    expect(pairs).toEqual(expected);
    // Replay goes through the same match: the unparseable rows do not fail it either.
    const later = (await subscriptions.create({ name: 'g', url, filter: { 'data.n': { $gte: 1 } } }, null))
      .subscription;
    await ctx.app.as(null).post(`/api/webhooks/${later.id}/replay`).send({ event_id: legacy[0] }).expect(200);
    const replayed = await runSql<{ event_id: string }>(
      ctx.under.orm!,
      'select event_id from webhook_delivery where subscription_id = ? order by event_id',
      [later.id],
    );
    expect(replayed.map((row) => row.event_id)).toEqual([lookalike.id, good.id].sort());
  });
});
