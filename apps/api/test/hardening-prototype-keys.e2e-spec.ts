import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createReceiver, type Receiver } from '@org/receiver';
import type { EventTypeDefinition } from '@org/webhooks';
import { EVENT_TYPES } from '../src/event-types.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';
import { expectStillServing } from './support/raw-http.js';

const PROTOTYPE_KEYS = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__', 'prototype'];

/** JSON text with object keys sorted (own keys only, `__proto__` included), to compare regardless of order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

// Row 8: keys such as `constructor` were dropped from data and metadata; a top-level `__proto__` accepted.
describe('hardening: data and metadata are kept exactly as sent', () => {
  let t: TestApp;
  let receiver: Receiver;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
    admin = client(t, KEYS.admin);
    const created = await admin.post('/api/webhooks', {
      name: 'CRM',
      url: receiver.url,
      event_types: ['deal.won'],
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await Promise.all([t.close(), receiver.close()]);
  });

  it('round-trips prototype-named keys: publish → GET /events/:id → delivered body', async () => {
    const data =
      '{"toString":1,"constructor":{"prototype":2},"valueOf":"v","hasOwnProperty":null,"__proto__":{"polluted":true},"n":{"constructor":{"a":1}}}';
    const published = await call(t, 'POST', '/api/events', {
      key: KEYS.admin,
      raw: `{"type":"deal.won","data":${data}}`,
    });
    expect(published.status).toBe(201);
    const read = await admin.get(`/api/events/${published.body.data.id}`);
    expect(JSON.stringify(JSON.parse(read.text).data.data)).toBe(data);
    const [delivery] = await receiver.waitFor(1, 5_000);
    expect(JSON.stringify(JSON.parse(delivery.body).data)).toBe(data);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('round-trips metadata the same way', async () => {
    const metadata = '{"constructor":"c","__proto__":{"x":1},"toString":"t"}';
    const created = await call(t, 'POST', '/api/webhooks', {
      key: KEYS.admin,
      raw: `{"name":"M","url":"https://example.com/hook","metadata":${metadata}}`,
    });
    expect(created.status).toBe(201);
    const read = await admin.get(`/api/webhooks/${created.body.data.id}`);
    // PostgreSQL's jsonb orders keys its own way: compare the keys and values, not the order.
    expect(canonical(JSON.parse(read.text).data.metadata)).toBe(canonical(JSON.parse(metadata)));
  });

  it('refuses a top-level __proto__ or constructor as an unknown field', async () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const response = await call(t, 'POST', '/api/events', {
        key: KEYS.admin,
        raw: `{"type":"deal.won","data":{},"${key}":{"x":1}}`,
      });
      expect(response.status).toBe(400);
      expect(response.body.error.details[0].field).toBe(key);
    }
    await expectStillServing(t, KEYS.admin);
  });

  it('stores generated data with any keys exactly (property)', async () => {
    const key = fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ minLength: 1, maxLength: 8 }));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string({ maxLength: 5 }),
        fc.boolean(),
        tie('object'),
      ),
      object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    })).object;
    // deal.updated's schema is open (a CRM record carries custom fields) but types the fields it
    // names: a generated `{"name": {}}` is rightly refused. Those fields are the schema tests'; here,
    // every other key, at any depth, must come back as sent.
    const definition = EVENT_TYPES.find(
      (type): type is EventTypeDefinition => typeof type !== 'function' && type.name === 'deal.updated',
    );
    const declared = Object.keys((definition?.schema?.properties as object | undefined) ?? {});
    expect(declared).toEqual(expect.arrayContaining(['id', 'name', 'amount']));
    const undeclared = json.filter((data) => !declared.some((field) => Object.hasOwn(data, field)));
    await fc.assert(
      fc.asyncProperty(undeclared, async (data) => {
        const text = JSON.stringify(data).replace(/\\u0000/g, '');
        const published = await call(t, 'POST', '/api/events', {
          key: KEYS.admin,
          raw: `{"type":"deal.updated","data":${text}}`,
        });
        expect(published.status).toBe(201);
        const read = await admin.get(`/api/events/${published.body.data.id}`);
        expect(JSON.stringify(JSON.parse(read.text).data.data)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 25 },
    );
  });
});
