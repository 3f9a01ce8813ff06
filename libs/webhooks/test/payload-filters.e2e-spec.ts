import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SubscriptionsService, WebhooksService } from '@org/webhooks';
import { parsePayloadFilter } from '../src/filters/payload-filter.parser.js';
import { matchesFilter } from '../src/filters/payload-filter.evaluator.js';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';
import { eventArbitrary, FILTER_EVENT_TYPES, filterArbitrary } from './support/filter-arbitraries.js';

const catalogue = FILTER_EVENT_TYPES.map((name) => ({ name, description: name }));
const url = 'https://example.com/hook';

describe.each(storageHarnesses)('payload filters on $name storage', (harness) => {
  const ctx = useStorageApp(harness, { eventTypes: catalogue });

  /** Every (subscription, event) pair with an attempt, as `sub event` strings, sorted. */
  async function attemptPairs(): Promise<string[]> {
    const pairs: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: unknown[]; next_cursor?: string | null } } = await ctx.app
        .as(null)
        .get(`/api/webhooks/deliveries?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      for (const row of res.body.data as { subscription_id: string; event_id: string }[])
        pairs.push(`${row.subscription_id} ${row.event_id}`);
      cursor = res.body.next_cursor ?? null;
    } while (cursor);
    return pairs.sort();
  }

  const fanOut = () => ctx.under.storage.deliveryQueue.fanOutEvents({ limit: 1000, now: ctx.clock.now() });

  it('fans generated events out to exactly the subscriptions whose generated filters match them', async () => {
    const runs = fc.sample(
      fc.tuple(
        fc.array(filterArbitrary, { minLength: 6, maxLength: 6 }),
        fc.array(eventArbitrary, { minLength: 12, maxLength: 12 }),
      ),
      { numRuns: 4, seed: 2027 },
    );
    const subscriptions = ctx.app.app.get(SubscriptionsService);
    const webhooks = ctx.app.app.get(WebhooksService);
    let matchedPairs = 0;
    for (const [filters, events] of runs) {
      await ctx.under.reset();
      const created = [];
      for (const filter of filters)
        created.push((await subscriptions.create({ name: 'f', url, filter }, null)).subscription);
      created.push((await subscriptions.create({ name: 'all', url }, null)).subscription);
      ctx.clock.advance(1000);
      const published: { id: string }[] = [];
      for (const event of events) published.push(await webhooks.publish(event.type, event.data));
      await fanOut();
      const expected: string[] = [];
      for (const [i, subscription] of created.entries()) {
        const filter = i < filters.length ? parsePayloadFilter(filters[i]) : null;
        if (filter && !filter.ok) throw new Error('generated filter refused');
        events.forEach((event, j) => {
          if (!filter || matchesFilter(filter.filter, event))
            expected.push(`${subscription.id} ${published[j].id}`);
        });
      }
      expect(await attemptPairs()).toEqual(expected.sort());
      matchedPairs += expected.length - events.length;
    }
    // Not vacuous: filters let some events through and keep others out.
    expect(matchedPairs).toBeGreaterThan(0);
    expect(matchedPairs).toBeLessThan(runs.length * 6 * 12);
  });

  it('replays only the events the filter matches; redelivery of one event to one subscription ignores it', async () => {
    const webhooks = ctx.app.app.get(WebhooksService);
    const first = await webhooks.publish('order.paid', { amount: 1 });
    const small = await webhooks.publish('order.paid', { amount: 5 });
    const large = await webhooks.publish('order.paid', { amount: 500 });
    await fanOut();
    ctx.clock.advance(1000);
    const created = await ctx.app
      .as(null)
      .post('/api/webhooks')
      .send({ url, filter: { 'data.amount': { $gte: 100 } } })
      .expect(201);
    const id = created.body.data.id as string;
    await ctx.app.as(null).post(`/api/webhooks/${id}/replay`).send({ event_id: first.id }).expect(200);
    expect(await attemptPairs()).toEqual([`${id} ${large.id}`]);
    await ctx.app.as(null).post(`/api/webhooks/${id}/events/${small.id}/redeliver`).expect(202);
    expect(await attemptPairs()).toEqual([`${id} ${large.id}`, `${id} ${small.id}`].sort());
  });

  describe('over HTTP', () => {
    it('refuses a bad filter naming every bad part, answers a good one as given, and null removes it', async () => {
      const bad = await ctx.app
        .as(null)
        .post('/api/webhooks')
        .send({
          url,
          filter: {
            'data.amount': { $gte: '100' },
            $or: [],
            'dat.x': 1,
            'data.tags': ['a'],
            'data.y': { $in: [1, { a: 1 }], $regex: 'x' },
            $not: { 'data.s': { $startsWith: 'x'.repeat(1001) } },
          },
        })
        .expect(400);
      expect(bad.body.error.code).toBe('validation_failed');
      expect(bad.body.error.details).toEqual([
        { field: 'filter.data.amount.$gte', message: 'filter.data.amount.$gte: must be a number' },
        { field: 'filter.$or', message: 'filter.$or: must be a non-empty array' },
        { field: 'filter.dat.x', message: 'filter.dat.x: unknown field (type or data.…)' },
        {
          field: 'filter.data.tags',
          message:
            'filter.data.tags: must be a string, number, boolean, null or an operator object (objects and arrays cannot be compared)',
        },
        {
          field: 'filter.data.y.$in[1]',
          message: 'filter.data.y.$in[1]: must be a string, number, boolean or null',
        },
        {
          field: 'filter.data.y.$regex',
          message:
            'filter.data.y.$regex: unknown operator ($eq, $ne, $in, $nin, $gt, $gte, $lt, $lte, $exists, $startsWith)',
        },
        {
          field: 'filter.$not.data.s.$startsWith',
          message: 'filter.$not.data.s.$startsWith: must be at most 1000 characters',
        },
      ]);
      const filter = { 'data.amount': { $gte: 100 }, $or: [{ type: 'order.paid' }, { 'data.vip': true }] };
      const created = await ctx.app.as(null).post('/api/webhooks').send({ url, filter }).expect(201);
      expect(created.body.data.filter).toEqual(filter);
      const id = created.body.data.id as string;
      expect((await ctx.app.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data.filter).toEqual(
        filter,
      );
      const refused = await ctx.app.as(null).patch(`/api/webhooks/${id}`).send({ filter: [] }).expect(400);
      expect(refused.body.error.details).toEqual([{ field: 'filter', message: 'filter: must be an object' }]);
      const removed = await ctx.app.as(null).patch(`/api/webhooks/${id}`).send({ filter: null }).expect(200);
      expect(removed.body.data.filter).toBeNull();
      // Removed for fan-out too: an event the filter refused now goes out.
      const event = await ctx.app.app.get(WebhooksService).publish('order.created', { amount: 1 });
      await fanOut();
      expect(await attemptPairs()).toEqual([`${id} ${event.id}`]);
    });

    it('tests a filter, or a stored one, against an event and says why', async () => {
      const event = await ctx.app.app
        .get(WebhooksService)
        .publish('order.paid', { amount: 250, items: [{ sku: 'a' }] }, { workspace: 'acme' });
      const res = await ctx.app
        .as('acme')
        .post('/api/webhooks/filters/test')
        .send({
          event_id: event.id,
          filter: { 'data.amount': { $gte: 100, $lt: 200 }, 'data.items.sku': { $ne: 'a' } },
        })
        .expect(200);
      expect(res.body).toEqual({
        data: {
          matches: false,
          conditions: [
            {
              at: 'filter.data.amount.$gte',
              path: 'data.amount',
              operator: '$gte',
              operand: 100,
              present: true,
              actual: 250,
              matched: true,
            },
            {
              at: 'filter.data.amount.$lt',
              path: 'data.amount',
              operator: '$lt',
              operand: 200,
              present: true,
              actual: 250,
              matched: false,
            },
            {
              at: 'filter.data.items.sku.$ne',
              path: 'data.items.sku',
              operator: '$ne',
              operand: 'a',
              present: false,
              actual: null,
              matched: true,
            },
          ],
        },
      });
      const subscription = await ctx.app
        .as('acme')
        .post('/api/webhooks')
        .send({ url, filter: { type: 'order.paid' } })
        .expect(201);
      const stored = await ctx.app
        .as('acme')
        .post('/api/webhooks/filters/test')
        .send({ event_id: event.id, subscription_id: subscription.body.data.id })
        .expect(200);
      expect(stored.body.data.matches).toBe(true);
      // Another workspace's event, an unknown one, a bad filter, neither or both.
      await ctx.app
        .as('other')
        .post('/api/webhooks/filters/test')
        .send({ event_id: event.id, filter: {} })
        .expect(404);
      await ctx.app
        .as('acme')
        .post('/api/webhooks/filters/test')
        .send({ event_id: 'evt_nope', filter: {} })
        .expect(404);
      const bad = await ctx.app
        .as('acme')
        .post('/api/webhooks/filters/test')
        .send({ event_id: event.id, filter: { 'data.x': { $gt: 'a' } } })
        .expect(400);
      expect(bad.body.error.details).toEqual([
        { field: 'filter.data.x.$gt', message: 'filter.data.x.$gt: must be a number' },
      ]);
      await ctx.app.as('acme').post('/api/webhooks/filters/test').send({ event_id: event.id }).expect(400);
    });
  });
});
