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
      const res = await ctx.app
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
      const published = [];
      for (const event of events) published.push(await webhooks.publish(event.type, event.data));
      await fanOut();
      const expected: string[] = [];
      for (const [i, subscription] of created.entries()) {
        const filter = i < filters.length ? parsePayloadFilter(filters[i]) : null;
        if (filter && !filter.ok) throw new Error('generated filter refused');
        events.forEach((event, j) => {
          if (!filter || matchesFilter(filter.filter, event)) expected.push(`${subscription.id} ${published[j].id}`);
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
});
