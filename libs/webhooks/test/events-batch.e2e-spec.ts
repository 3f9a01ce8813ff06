import { describe, expect, it } from '@jest/globals';
import { WebhooksService } from '@org/webhooks';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';

const fieldsOf = (body: { error: { details?: { field: string }[] } }) =>
  body.error.details?.map((d) => d.field);

describe.each(storageHarnesses)('POST /events/batch and publishMany on $name storage', (harness) => {
  const ctx = useStorageApp(harness, { maxEventBytes: 2048 });
  const batch = (events: unknown, workspace: string | null = null) =>
    ctx.app.as(workspace).post('/api/events/batch').send({ events });
  const stored = async (workspace: string | null = null) =>
    ctx.under.storage.events.listEvents({ scope: workspace, limit: 5000 });

  it('publishes every event in order, in one answer, with bodies built as a single publish builds them', async () => {
    const events = [
      { type: 'contact.created', data: { id: 'con_1' } },
      { type: 'deal.won', data: { id: 'deal_1', amount: 10 } },
      { type: 'contact.created', data: { id: 'con_2' }, idempotency_key: 'con_2-created' },
    ];
    const res = await batch(events, 'acme').expect(201);
    expect(res.body.data).toEqual(
      events.map(({ type }) => ({
        id: expect.stringMatching(/^evt_/),
        type,
        created_at: '2026-03-16T12:00:00.000Z',
      })),
    );
    const ids = res.body.data.map((event: { id: string }) => event.id);
    expect(new Set(ids).size).toBe(3);
    for (const [i, id] of ids.entries()) {
      const event = await ctx.under.storage.events.findEvent(id, 'acme');
      expect(event!.payload).toBe(
        `{"id":"${id}","event":"${events[i].type}","created_at":"2026-03-16T12:00:00.000Z","data":${JSON.stringify(events[i].data)}}`,
      );
    }
    expect(await stored('globex')).toEqual([]);
  });

  it('takes 1,000 events in one batch', async () => {
    // Small ones: this test app keeps Nest's default body parser (the host app's limit is tested there).
    const events = Array.from({ length: 1000 }, (_, i) => ({ type: 'deal.updated', data: { i } }));
    const res = await batch(events).expect(201);
    expect(res.body.data).toHaveLength(1000);
    expect(await stored()).toHaveLength(1000);
  });

  it('refuses bad items with a 400 naming each by index, and stores nothing of the batch', async () => {
    const res = await batch([
      { type: 'contact.created', data: { id: 'ok' } },
      { type: 'Bad Type', data: {} },
      { type: 'deal.won', data: { id: 'ok' } },
      { type: 'deal.won', data: [] },
      { type: 'deal.archived', data: {} },
      { type: 'deal.won', data: { blob: 'x'.repeat(3000) } },
      { type: 'deal.won', data: {}, idempotency_key: '' },
    ]).expect(400);
    expect(res.body.error.code).toBe('invalid_event');
    expect(fieldsOf(res.body)).toEqual([
      'events.1.type',
      'events.3.data',
      'events.4.type',
      'events.5.data',
      'events.6.idempotency_key',
    ]);
    expect(res.body.error.message).toContain('nothing was stored');
    expect(await stored()).toEqual([]);
  });

  it('refuses a lone surrogate in the data of an item, naming it by index and path, over HTTP and in publishMany', async () => {
    const res = await ctx.app
      .as(null)
      .post('/api/events/batch')
      .set('content-type', 'application/json')
      .send(
        '{"events":[{"type":"deal.won","data":{"ok":1}},{"type":"deal.won","data":{"a":{"b":"\\ud800"}}}]}',
      )
      .expect(400);
    expect(res.body.error.code).toBe('invalid_event');
    expect(fieldsOf(res.body)).toEqual(['events.1.data.a.b']);
    const webhooks = ctx.app.app.get(WebhooksService);
    await expect(
      webhooks.publishMany([
        { type: 'deal.won', data: { '\udc00': 'key' } },
        { type: 'deal.won', data: { ok: 1 } },
      ]),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'events.0.data.\ufffd' })] });
    expect(await stored()).toEqual([]);
  });

  it('refuses items that are not objects or carry unknown fields, and batches of no or too many events', async () => {
    const shape = await batch([{ type: 'deal.won', data: {}, extra: 1 }, 'deal.won', null]).expect(400);
    expect(shape.body.error.code).toBe('validation_failed');
    expect(fieldsOf(shape.body)).toEqual(['events.0.extra', 'events.1', 'events.2']);
    for (const events of [[], Array.from({ length: 1001 }, () => ({ type: 'deal.won', data: {} }))]) {
      const res = await batch(events).expect(400);
      expect(fieldsOf(res.body)).toEqual(['events']);
    }
    const notArray = await batch({ type: 'deal.won', data: {} }).expect(400);
    expect(fieldsOf(notArray.body)).toEqual(['events']);
    expect(await stored()).toEqual([]);
  });

  it('answers the first event for a key used before or earlier in the batch, storing each key once', async () => {
    const first = await ctx.app
      .as('acme')
      .post('/api/events')
      .send({ type: 'deal.won', data: { id: 'd1' }, idempotency_key: 'd1-won' })
      .expect(201);
    const res = await batch(
      [
        { type: 'deal.won', data: { id: 'd1' }, idempotency_key: 'd1-won' },
        { type: 'deal.lost', data: { id: 'd2' }, idempotency_key: 'd2-lost' },
        { type: 'deal.lost', data: { id: 'd2' }, idempotency_key: 'd2-lost' },
      ],
      'acme',
    ).expect(201);
    const ids = res.body.data.map((event: { id: string }) => event.id);
    expect(ids[0]).toBe(first.body.data.id);
    expect(ids[1]).toMatch(/^evt_/);
    expect(ids[2]).toBe(ids[1]);
    expect(await stored('acme')).toHaveLength(2);
  });

  it('refuses a key used for another event (before, or earlier in the batch) with a 409 naming it, storing nothing', async () => {
    await ctx.app
      .as('acme')
      .post('/api/events')
      .send({ type: 'deal.won', data: { id: 'd1' }, idempotency_key: 'd1-won' })
      .expect(201);
    const res = await batch(
      [
        { type: 'deal.won', data: { id: 'new' }, idempotency_key: 'new-key' },
        { type: 'deal.won', data: { id: 'd1', changed: true }, idempotency_key: 'd1-won' },
        { type: 'deal.won', data: { id: 'plain' } },
        { type: 'deal.won', data: { id: 'a' }, idempotency_key: 'twice' },
        { type: 'deal.won', data: { id: 'b' }, idempotency_key: 'twice' },
      ],
      'acme',
    ).expect(409);
    expect(res.body.error.code).toBe('idempotency_conflict');
    expect(fieldsOf(res.body)).toEqual(['events.1.idempotency_key', 'events.4.idempotency_key']);
    expect((await stored('acme')).map((event) => event.idempotencyKey)).toEqual(['d1-won']);
  });

  it('publishMany answers the events in order with created flags, in the given workspace', async () => {
    const webhooks = ctx.app.app.get(WebhooksService);
    const [one] = await webhooks.publishMany(
      [{ type: 'task.created', data: { n: 1 }, idempotencyKey: 'k' }],
      {
        workspace: 'globex',
      },
    );
    const published = await webhooks.publishMany(
      [
        { type: 'task.created', data: { n: 2 } },
        { type: 'task.created', data: { n: 1 }, idempotencyKey: 'k' },
      ],
      { workspace: 'globex' },
    );
    expect(published).toEqual([
      {
        id: expect.stringMatching(/^evt_/),
        type: 'task.created',
        workspace: 'globex',
        createdAt: ctx.clock.now(),
        created: true,
      },
      { ...one, created: false },
    ]);
    expect(await stored('globex')).toHaveLength(2);
  });
});
