import { describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { newId } from '@org/common';
import { WebhooksService } from '@org/webhooks';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';

const fieldsOf = (body: { error: { details?: { field: string }[] } }) =>
  [...new Set(body.error.details?.map((d) => d.field))].sort();
const data = { id: 'con_123', name: 'Ada', nested: { tags: ['a', 'b'], deep: { n: 1, nil: null } } };

describe.each(storageHarnesses)('events API on $name storage', (harness) => {
  const ctx = useStorageApp(harness, { maxEventBytes: 2048 });
  const publish = (body: object, workspace: string | null = null) =>
    ctx.app.as(workspace).post('/api/events').send(body);

  it('publishes: 201 with id, type and created_at; the stored body is built once, in order', async () => {
    const res = await publish({ type: 'contact.created', data }).expect(201);
    expect(res.body).toEqual({
      data: {
        id: expect.stringMatching(/^evt_[0-9A-Z]{26}$/),
        type: 'contact.created',
        created_at: '2026-03-16T12:00:00.000Z',
      },
    });
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    const stored = await ctx.under.storage.events.findEvent(res.body.data.id, null);
    expect(stored!.payload).toBe(
      `{"id":"${res.body.data.id}","event":"contact.created","created_at":"2026-03-16T12:00:00.000Z","data":${JSON.stringify(data)}}`,
    );
  });

  it('reads an event back with its data (nested keys kept), and 404 for an unknown one', async () => {
    const id = (await publish({ type: 'deal.won', data }).expect(201)).body.data.id;
    const res = await ctx.app.as(null).get(`/api/events/${id}`).expect(200);
    expect(res.body).toEqual({
      data: {
        id,
        type: 'deal.won',
        created_at: '2026-03-16T12:00:00.000Z',
        workspace: null,
        data,
        test: false,
        deliveries: [],
      },
    });
    const missing = newId('evt');
    const notFound = await ctx.app.as(null).get(`/api/events/${missing}`).expect(404);
    expect(notFound.body).toEqual({ error: { code: 'event_not_found', message: `No event ${missing}.` } });
  });

  it('returns the first event for a repeated idempotency key and body: 200 and Idempotent-Replayed', async () => {
    const first = await publish({ type: 'deal.won', data, idempotency_key: 'deal-7-won' }, 'acme').expect(
      201,
    );
    ctx.clock.advance(1000);
    const repeat = await publish({ idempotency_key: 'deal-7-won', data, type: 'deal.won' }, 'acme').expect(
      200,
    );
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['idempotent-replayed']).toBe('true');
    // The same key with other data or another type is not a repeat: 409, and nothing is published.
    for (const body of [
      { type: 'deal.won', data: { other: true } },
      { type: 'deal.lost', data },
    ]) {
      const conflict = await publish({ ...body, idempotency_key: 'deal-7-won' }, 'acme').expect(409);
      expect(conflict.body.error).toMatchObject({
        code: 'idempotency_conflict',
        message: expect.stringContaining('deal-7-won'),
      });
    }
    // Keys are per workspace.
    const elsewhere = await publish(
      { type: 'deal.won', data, idempotency_key: 'deal-7-won' },
      'globex',
    ).expect(201);
    expect(elsewhere.body.data.id).not.toBe(first.body.data.id);
    expect((await ctx.app.as('acme').get('/api/events').expect(200)).body.data).toHaveLength(1);
  });

  it('stores data exactly as sent: prototype-named keys kept, no prototype effect', async () => {
    const sent =
      '{"toString":1,"constructor":{"prototype":2},"valueOf":"v","hasOwnProperty":null,"__proto__":{"polluted":true}}';
    const res = await ctx.app
      .as(null)
      .post('/api/events')
      .set('content-type', 'application/json')
      .send(`{"type":"deal.won","data":${sent}}`)
      .expect(201);
    const stored = await ctx.under.storage.events.findEvent(res.body.data.id, null);
    expect(stored!.payload).toContain(`"data":${sent}}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses U+0000 in data and data nested over 32 levels, naming data', async () => {
    for (const raw of [
      '{"type":"deal.won","data":{"note":"a\\u0000b"}}',
      `{"type":"deal.won","data":${'{"a":'.repeat(33)}1${'}'.repeat(33)}}`,
    ]) {
      const res = await ctx.app
        .as(null)
        .post('/api/events')
        .set('content-type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['data']);
    }
  });

  it('refuses a lone surrogate in a value or a key of data, naming its path, over HTTP and in process', async () => {
    // Escaped in the raw body, as a client sends them: JSON.parse turns each into a lone surrogate.
    for (const [raw, field] of [
      ['{"type":"deal.won","data":{"x":"a\\ud800b"}}', 'data.x'],
      [
        '{"type":"deal.won","data":{"items":[{"ok":"\\ud83d\\ude00"},{"note":"\\udc00"}]}}',
        'data.items.1.note',
      ],
      ['{"type":"deal.won","data":{"nested":{"k\\udbff":1}}}', 'data.nested.k\ufffd'],
    ]) {
      const res = await ctx.app
        .as(null)
        .post('/api/events')
        .set('content-type', 'application/json')
        .send(raw);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_event');
      expect(fieldsOf(res.body)).toEqual([field]);
      expect(res.body.error.details[0].message).toContain('lone surrogate');
    }
    const webhooks = ctx.app.app.get(WebhooksService);
    await expect(webhooks.publish('deal.won', { deep: { x: 'a\udfff' } })).rejects.toMatchObject({
      field: 'data.deep.x',
    });
    // A well-formed pair (an emoji) is stored as sent.
    await expect(webhooks.publish('deal.won', { x: '\ud83d\ude00' })).resolves.toMatchObject({
      type: 'deal.won',
    });
    expect(await ctx.under.storage.events.listEvents({ scope: null, limit: 10 })).toHaveLength(1);
  });

  it.each([
    ['a missing type and data', {}, ['data', 'type']],
    ['a malformed type', { type: 'Contact Created', data }, ['type']],
    ['a wildcard type', { type: 'deal.*', data }, ['type']],
    ['array data', { type: 'deal.won', data: [1, 2] }, ['data']],
    ['string data', { type: 'deal.won', data: 'x' }, ['data']],
    ['an empty idempotency key', { type: 'deal.won', data, idempotency_key: '' }, ['idempotency_key']],
    ['an unknown field', { type: 'deal.won', data, extra: 1 }, ['extra']],
  ])('refuses %s with every bad field named', async (_, body, fields) => {
    const res = await publish(body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res.body)).toEqual(fields);
  });

  it('refuses a type outside the catalogue', async () => {
    const res = await publish({ type: 'contact.deleted', data }).expect(400);
    expect(res.body.error).toEqual({
      code: 'unknown_event_type',
      message: expect.stringContaining('"contact.deleted"'),
      details: [{ field: 'type', message: expect.stringContaining('contact.deleted') }],
    });
  });

  it('answers 413 when data is over maxEventBytes, storing nothing', async () => {
    const res = await publish({ type: 'deal.won', data: { blob: 'x'.repeat(2100) } }).expect(413);
    expect(res.body.error).toMatchObject({
      code: 'event_too_large',
      details: [{ field: 'data', message: expect.stringContaining('2048') }],
    });
    expect((await ctx.app.as(null).get('/api/events').expect(200)).body.data).toEqual([]);
  });

  it('lists newest first, filtered by type, paginated, within the workspace', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      ids.push(
        (
          await publish({ type: i % 3 === 0 ? 'deal.won' : 'contact.created', data: { i } }, 'acme').expect(
            201,
          )
        ).body.data.id,
      );
    }
    await publish({ type: 'deal.won', data: {} }, 'globex').expect(201);
    const newestFirst = [...ids].reverse();
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await ctx.app
        .as('acme')
        .get('/api/events')
        .query({ limit: 4, ...(cursor ? { cursor } : {}) })
        .expect(200);
      walked.push(...res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(walked).toEqual(newestFirst);
    const won = await ctx.app.as('acme').get('/api/events?type=deal.won').expect(200);
    expect(won.body.data.map((e: { id: string }) => e.id)).toEqual([ids[6], ids[3], ids[0]]);
    expect(won.body.data[0]).toEqual({
      id: ids[6],
      type: 'deal.won',
      created_at: '2026-03-16T12:00:00.000Z',
      workspace: 'acme',
      data: { i: 6 },
    });
    await ctx.app.as('globex').get(`/api/events/${ids[0]}`).expect(404);
    expect((await ctx.app.as(null).get('/api/events').expect(200)).body.data).toHaveLength(10);
    const bad = await ctx.app.as(null).get('/api/events?type=Bad Type&limit=500').expect(400);
    expect(fieldsOf(bad.body)).toEqual(['limit', 'type']);
  });
});
