import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

// Row 3: a reused idempotency key with another type or data used to replay the first event (200).
describe('hardening: idempotency conflicts', () => {
  let t: TestApp;
  let acme: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp();
    acme = client(t, KEYS.acme);
  });
  afterAll(async () => {
    await t.close();
  });

  it('replays the same body (keys in any order) and answers 409 naming the key for another type or data', async () => {
    const first = await acme.post('/api/events', {
      type: 'contact.created',
      data: { id: 'con_1', tags: ['a', 'b'], nested: { x: 1, y: 2 } },
      idempotency_key: 'order-42',
    });
    expect(first.status).toBe(201);

    const same = await acme.post('/api/events', {
      idempotency_key: 'order-42',
      data: { nested: { y: 2, x: 1 }, tags: ['a', 'b'], id: 'con_1' },
      type: 'contact.created',
    });
    expect(same.status).toBe(200);
    expect(same.headers.get('idempotent-replayed')).toBe('true');
    expect(same.body.data.id).toBe(first.body.data.id);

    for (const body of [
      { type: 'contact.updated', data: { id: 'con_1', tags: ['a', 'b'], nested: { x: 1, y: 2 } } },
      { type: 'contact.created', data: { id: 'con_2', tags: ['a', 'b'], nested: { x: 1, y: 2 } } },
      { type: 'contact.created', data: { id: 'con_1', tags: ['b', 'a'], nested: { x: 1, y: 2 } } },
    ]) {
      const conflict = await acme.post('/api/events', { ...body, idempotency_key: 'order-42' });
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.code).toBe('idempotency_conflict');
      expect(conflict.body.error.message).toContain('order-42');
    }
    await expectStillServing(t, KEYS.acme);
  });

  it('keeps keys per workspace: the same key in another workspace is a new event', async () => {
    const globex = await client(t, KEYS.globex).post('/api/events', {
      type: 'contact.updated',
      data: { id: 'other' },
      idempotency_key: 'order-42',
    });
    expect(globex.status).toBe(201);
  });
});
