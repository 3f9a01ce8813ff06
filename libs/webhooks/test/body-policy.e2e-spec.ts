import { describe, expect, it } from '@jest/globals';
import { newId } from '@org/common';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';

// A 400 must name every bad field at once: the DTO's syntax problems and the module's configuration-
// dependent rules (URL policy, event type catalogue), which the global pipe alone cannot see.
interface ErrorBody {
  error: { code: string; message: string; details?: { field: string; message: string }[] };
}
const fieldsOf = (body: ErrorBody) => [...new Set(body.error.details?.map((d) => d.field))].sort();
const detailsOf = (body: ErrorBody, field: string) =>
  body.error.details?.filter((d) => d.field === field).map((d) => d.message);
const valid = { name: 'CRM Sync', url: 'https://example.com/webhooks/rex', event_types: ['contact.created'] };
const memory = storageHarnesses.find((harness) => harness.name === 'memory')!;

describe('one 400 for DTO and policy problems together', () => {
  const ctx = useStorageApp(memory);
  const caller = () => ctx.app.as(null);

  it('POST /webhooks names DTO fields, the refused URL and unknown event types in one validation_failed', async () => {
    const res = await caller()
      .post('/api/webhooks')
      .send({
        name: '',
        secret: 'short',
        url: 'https://10.0.0.1/hook',
        event_types: ['nope.type', 'deal.*', 'nothing.*'],
      })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res.body)).toEqual(['event_types', 'name', 'secret', 'url']);
    expect(detailsOf(res.body, 'url')).toEqual([expect.stringContaining('10.0.0.1')]);
    expect(detailsOf(res.body, 'event_types')).toEqual([
      expect.stringContaining('"nope.type"'),
      expect.stringContaining('"nothing.*"'),
    ]);
    expect(res.body.error.message).toBe('The request has 4 invalid fields: name, secret, url, event_types.');
    expect((await caller().get('/api/webhooks').expect(200)).body.data).toEqual([]);
  });

  it("names a field the DTO refused once, with the DTO's message, and the catalogue's problems beside it", async () => {
    // The host app's case: ftp:// fails the DTO (and would fail the URL policy too).
    const res = await caller()
      .post('/api/webhooks')
      .send({ url: 'ftp://x', event_types: ['nope.type'], name: '' })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res.body)).toEqual(['event_types', 'name', 'url']);
    expect(detailsOf(res.body, 'url')).toHaveLength(1);
    expect(detailsOf(res.body, 'url')![0]).not.toContain('not allowed');
    expect(detailsOf(res.body, 'event_types')).toEqual([expect.stringContaining('"nope.type"')]);
    // Malformed patterns are the DTO's to report; the well-formed unknown one is not added to them.
    const malformed = await caller()
      .post('/api/webhooks')
      .send({ ...valid, name: '', event_types: ['Bad Type', 'nope.type'] })
      .expect(400);
    expect(fieldsOf(malformed.body)).toEqual(['event_types', 'name']);
    expect(detailsOf(malformed.body, 'event_types')!.join()).not.toContain('nope.type');
  });

  it('PATCH /webhooks/:id names DTO fields, the refused URL and unknown event types together, changing nothing', async () => {
    const created = (await caller().post('/api/webhooks').send(valid).expect(201)).body.data;
    const res = await caller()
      .patch(`/api/webhooks/${created.id}`)
      .send({
        name: null,
        status: 'deleted',
        extra: 1,
        url: 'http://example.com/hook',
        event_types: ['deal.*', 'nothing.*'],
      })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res.body)).toEqual(['event_types', 'extra', 'name', 'status', 'url']);
    expect(detailsOf(res.body, 'url')).toEqual([
      'url is not allowed: must use https; the WebhooksModule option allowPrivateUrls: true allows plain http and private addresses (for local work and tests only)',
    ]);
    expect(detailsOf(res.body, 'event_types')).toEqual([expect.stringContaining('"nothing.*"')]);
    expect((await caller().get(`/api/webhooks/${created.id}`).expect(200)).body.data).toEqual(created);
  });

  it('leaves policy-only problems to the service: PATCH of an unknown id is 404, a known one the policy 400', async () => {
    const policyOnly = { url: 'https://127.0.0.1/x', event_types: ['nope.type'] };
    const missing = await caller()
      .patch(`/api/webhooks/${newId('whk')}`)
      .send(policyOnly)
      .expect(404);
    expect(missing.body.error.code).toBe('subscription_not_found');
    const created = (await caller().post('/api/webhooks').send(valid).expect(201)).body.data;
    const refused = await caller().patch(`/api/webhooks/${created.id}`).send(policyOnly).expect(400);
    expect(refused.body.error.code).toBe('validation_failed');
    expect(fieldsOf(refused.body)).toEqual(['event_types', 'url']);
  });

  it('POST /events names an unknown type together with bad data and idempotency_key, publishing nothing', async () => {
    const res = await caller()
      .post('/api/events')
      .send({ type: 'contact.deleted', data: [1, 2], idempotency_key: '' })
      .expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(fieldsOf(res.body)).toEqual(['data', 'idempotency_key', 'type']);
    expect(detailsOf(res.body, 'type')).toEqual([expect.stringContaining('"contact.deleted"')]);
    const extra = await caller()
      .post('/api/events')
      .send({ type: 'contact.deleted', data: {}, extra: true })
      .expect(400);
    expect(fieldsOf(extra.body)).toEqual(['extra', 'type']);
    // Alone, an unknown type keeps its own code (the service's check).
    const alone = await caller().post('/api/events').send({ type: 'contact.deleted', data: {} }).expect(400);
    expect(alone.body.error.code).toBe('unknown_event_type');
    expect((await caller().get('/api/events').expect(200)).body.data).toEqual([]);
  });
});
