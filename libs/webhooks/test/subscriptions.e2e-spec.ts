import { describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import { newId } from '@org/common';
import { COMPATIBLE_SYSTEMS, InvalidSubscriptionException, SubscriptionsService } from '@org/webhooks';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';
import { insertOne } from './support/contract-fixtures.js';

const valid = {
  name: 'CRM Sync',
  url: 'https://example.com/webhooks/rex',
  event_types: ['contact.created', 'deal.won', 'deal.lost'],
};
const fieldsOf = (body: { error: { details?: { field: string }[] } }) =>
  [...new Set(body.error.details?.map((d) => d.field))].sort();

describe.each(storageHarnesses)('subscriptions API on $name storage', (harness) => {
  const ctx = useStorageApp(harness);
  const create = (body: object = valid, workspace: string | null = null) =>
    ctx.app.as(workspace).post('/api/webhooks').send(body);

  describe('POST /webhooks', () => {
    it('answers the workspace a subscription belongs to', async () => {
      const res = await create(valid, 'acme').expect(201);
      expect(res.body.data.workspace).toBe('acme');
      const listed = await ctx.app.as('acme').get('/api/webhooks').expect(200);
      expect(listed.body.data.map((s: { workspace: string | null }) => s.workspace)).toEqual(['acme']);
    });

    it('creates an active subscription and returns it with a generated secret', async () => {
      const res = await create({
        ...valid,
        description: 'Production webhook',
        metadata: { team: 'crm' },
      }).expect(201);
      expect(res.body).toEqual({
        data: {
          id: expect.stringMatching(/^whk_[0-9A-Z]{26}$/),
          name: 'CRM Sync',
          url: 'https://example.com/webhooks/rex',
          description: 'Production webhook',
          event_types: ['contact.created', 'deal.won', 'deal.lost'],
          metadata: { team: 'crm' },
          status: 'active',
          format: 'raw',
          workspace: null,
          disabled_reason: null,
          failure_count: 0,
          last_delivered_at: null,
          created_at: '2026-03-16T12:00:00.000Z',
          updated_at: '2026-03-16T12:00:00.000Z',
          retry_schedule: null,
          timeout_ms: null,
          rate_limit: null,
          max_in_flight: null,
          ordering: 'none',
          held_until: null,
          headers: {},
          tls: null,
          filter: null,
          oauth2: null,
        },
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      });
      expect(Buffer.from(res.body.secret.slice(6), 'base64')).toHaveLength(32);
    });

    it('defaults event_types to everything, keeps a caller secret, and removes duplicate types', async () => {
      const res = await create({
        name: 'All',
        url: 'https://example.com/all',
        secret: 'my-own-secret-0123',
      }).expect(201);
      expect(res.body.data.event_types).toEqual(['*']);
      expect(res.body.data.description).toBeNull();
      expect(res.body.data.metadata).toEqual({});
      expect(res.body.secret).toBe('my-own-secret-0123');
      const dup = await create({ ...valid, event_types: ['deal.*', 'deal.*', '*'] }).expect(201);
      expect(dup.body.data.event_types).toEqual(['deal.*', '*']);
    });

    it('names every bad field at once', async () => {
      const res = await create({
        name: '',
        url: 'ftp://example.com/x',
        secret: 'short',
        event_types: ['Contact.Created', 'deal.'],
        description: 'x'.repeat(1001),
        metadata: ['not', 'an', 'object'],
        extra: true,
      }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(fieldsOf(res.body)).toEqual([
        'description',
        'event_types',
        'extra',
        'metadata',
        'name',
        'secret',
        'url',
      ]);
      expect(res.body.error.message).toContain('url');
    });

    it.each([
      ['a missing url', {}, ['url']],
      ['a null name', { ...valid, name: null }, ['name']],
      ['a name over 200 characters', { ...valid, name: 'n'.repeat(201) }, ['name']],
      ['an empty event_types list', { ...valid, event_types: [] }, ['event_types']],
      [
        '101 event types',
        { ...valid, event_types: Array.from({ length: 101 }, (_, i) => `t${i}.x`) },
        ['event_types'],
      ],
      ['event_types that is not a list', { ...valid, event_types: 'deal.won' }, ['event_types']],
      ['a relative url', { ...valid, url: '/hooks' }, ['url']],
      ['a url with credentials', { ...valid, url: 'https://user:pw@example.com/' }, ['url']],
      ['a cloud metadata url', { ...valid, url: 'https://169.254.169.254/latest' }, ['url']],
      ['a secret with spaces', { ...valid, secret: 'has spaces in it ok' }, ['secret']],
      [
        'metadata over 50 keys',
        { ...valid, metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
        ['metadata'],
      ],
      ['metadata over 8 KiB', { ...valid, metadata: { big: 'x'.repeat(8200) } }, ['metadata']],
    ])('refuses %s', async (_, body, fields) => {
      const res = await create(body).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(fieldsOf(res.body)).toEqual(fields);
    });

    it('applies the URL policy and the catalogue, naming both fields', async () => {
      const res = await create({
        ...valid,
        url: 'https://127.0.0.1/hook',
        event_types: ['contact.deleted', 'nothing.*', 'deal.*', '*'],
      }).expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toEqual([
        { field: 'url', message: expect.stringContaining('127.0.0.1') },
        { field: 'event_types', message: expect.stringContaining('"contact.deleted"') },
        { field: 'event_types', message: expect.stringContaining('"nothing.*"') },
      ]);
      const http = await create({ ...valid, url: 'http://example.com/hook' }).expect(400);
      expect(http.body.error.details).toEqual([
        {
          field: 'url',
          message:
            'url is not allowed: must use https; the WebhooksModule option allowPrivateUrls: true allows plain http and private addresses (for local work and tests only)',
        },
      ]);
    });

    it('names allowPrivateUrls only where that option would let the URL through', async () => {
      const messageFor = async (url: string) =>
        (await create({ ...valid, url }).expect(400)).body.error.details[0].message as string;
      for (const local of ['http://127.0.0.1:4000/hook', 'https://10.0.0.7/hook', 'https://localhost/hook']) {
        expect(await messageFor(local)).toContain('the WebhooksModule option allowPrivateUrls: true allows');
      }
      // What no option allows (link-local and cloud metadata addresses, credentials) the DTO refuses.
      expect(await messageFor('https://169.254.169.254/latest')).toBe(
        'url blocked address 169.254.169.254 (metadata)',
      );
      expect(await messageFor('https://user:pw@example.com/hook')).toBe(
        'url must not contain credentials (user:password@)',
      );
    });
  });

  describe('name and format', () => {
    it("names a subscription after its URL's host, and keeps a format", async () => {
      const res = await create({
        url: 'https://hooks.example.com/rex',
        event_types: ['deal.*'],
        format: 'slack',
      }).expect(201);
      expect(res.body.data).toMatchObject({
        name: 'hooks.example.com',
        event_types: ['deal.*'],
        format: 'slack',
      });
      const read = await ctx.app.as(null).get(`/api/webhooks/${res.body.data.id}`).expect(200);
      expect(read.body.data.format).toBe('slack');
      const changed = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${res.body.data.id}`)
        .send({ format: 'discord' })
        .expect(200);
      expect(changed.body.data.format).toBe('discord');
      const bad = await ctx.app.as(null).patch(`/api/webhooks/${res.body.data.id}`).send({ format: 'html' });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['format']);
    });
  });

  describe('GET /webhooks/event-types and GET /webhooks/:id', () => {
    it('lists the catalogue (a static path, not taken for an id)', async () => {
      const res = await ctx.app.as(null).get('/api/webhooks/event-types').expect(200);
      // The six configured types, then the module's own webhook.disabled and webhook.certificate_expiring.
      expect(res.body.data).toHaveLength(8);
      expect(res.body.data[0]).toEqual({
        name: 'contact.created',
        description: 'A contact was created.',
        schema: null,
        example: { id: 'con_1', name: 'Ada' },
      });
      expect(res.body.data[6]).toMatchObject({ name: 'webhook.disabled', schema: null });
      expect(res.body.data[7]).toMatchObject({ name: 'webhook.certificate_expiring', schema: null });
    });

    it('reads one subscription, and answers 404 for an unknown id', async () => {
      const created = (await create().expect(201)).body;
      const res = await ctx.app.as(null).get(`/api/webhooks/${created.data.id}`).expect(200);
      expect(res.body).toEqual({ data: created.data });
      const missing = newId('whk');
      const notFound = await ctx.app.as(null).get(`/api/webhooks/${missing}`).expect(404);
      expect(notFound.body).toEqual({
        error: { code: 'subscription_not_found', message: `No webhook subscription ${missing}.` },
      });
    });
  });

  describe('PATCH /webhooks/:id', () => {
    it('changes only the given fields and stamps updated_at', async () => {
      const created = (await create({ ...valid, description: 'old' }).expect(201)).body.data;
      ctx.clock.advance(60_000);
      const res = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({ name: 'Renamed', event_types: ['deal.*'], description: null })
        .expect(200);
      expect(res.body.data).toEqual({
        ...created,
        name: 'Renamed',
        event_types: ['deal.*'],
        description: null,
        updated_at: '2026-03-16T12:01:00.000Z',
      });
      expect(res.body.secret).toBeUndefined();
      const paused = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({ status: 'paused' })
        .expect(200);
      expect(paused.body.data.status).toBe('paused');
    });

    it('re-enabling resets failure_count and clears the disabled reason', async () => {
      const created = (await create().expect(201)).body.data;
      await ctx.under.storage.subscriptions.updateSubscription(
        created.id,
        null,
        {
          status: 'disabled',
          failureCount: 20,
          disabledReason: 'Disabled after 20 consecutive failed attempts.',
        },
        new Date(),
      );
      const disabled = (await ctx.app.as(null).get(`/api/webhooks/${created.id}`).expect(200)).body.data;
      expect(disabled).toMatchObject({
        status: 'disabled',
        failure_count: 20,
        disabled_reason: expect.stringContaining('20'),
      });
      const res = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({ status: 'active' })
        .expect(200);
      expect(res.body.data).toMatchObject({ status: 'active', failure_count: 0, disabled_reason: null });
    });

    it('records a reason when disabled through the API', async () => {
      const created = (await create().expect(201)).body.data;
      const res = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({ status: 'disabled' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        status: 'disabled',
        disabled_reason: 'Disabled through the API.',
      });
    });

    it('refuses nulls for required fields, bad statuses, unknown fields and refused URLs', async () => {
      const created = (await create().expect(201)).body.data;
      const res = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({
          name: null,
          url: null,
          event_types: null,
          metadata: null,
          status: 'deleted',
          secret: null,
          foo: 1,
        })
        .expect(400);
      expect(fieldsOf(res.body)).toEqual([
        'event_types',
        'foo',
        'metadata',
        'name',
        'secret',
        'status',
        'url',
      ]);
      const url = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${created.id}`)
        .send({ url: 'https://10.0.0.1/x', event_types: ['nope.nope'] })
        .expect(400);
      expect(fieldsOf(url.body)).toEqual(['event_types', 'url']);
      expect((await ctx.app.as(null).get(`/api/webhooks/${created.id}`).expect(200)).body.data).toEqual(
        created,
      );
    });

    it('answers 404 for an unknown id', async () => {
      const res = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${newId('whk')}`)
        .send({ name: 'x' })
        .expect(404);
      expect(res.body.error.code).toBe('subscription_not_found');
    });
  });

  describe('DELETE /webhooks/:id', () => {
    it('deletes with 204, then 404 everywhere; pending deliveries are cancelled', async () => {
      const created = (await create().expect(201)).body.data;
      const event = await insertOne(ctx.under.storage.events, {
        id: newId('evt'),
        workspace: null,
        type: 'deal.won',
        payload: '{}',
        idempotencyKey: null,
        createdAt: new Date(),
      });
      const attemptId = newId('whd');
      await ctx.under.plantAttempt({
        id: attemptId,
        subscriptionId: created.id,
        eventId: event.event.id,
        eventType: 'deal.won',
        workspace: null,
        nextAttemptAt: new Date(),
      });

      const res = await ctx.app.as(null).delete(`/api/webhooks/${created.id}`).expect(204);
      expect(res.text).toBe('');
      expect(await ctx.under.attemptStatuses(created.id)).toEqual({ [attemptId]: 'cancelled' });
      await ctx.app.as(null).get(`/api/webhooks/${created.id}`).expect(404);
      await ctx.app.as(null).patch(`/api/webhooks/${created.id}`).send({ name: 'x' }).expect(404);
      await ctx.app.as(null).delete(`/api/webhooks/${created.id}`).expect(404);
      expect((await ctx.app.as(null).get('/api/webhooks').expect(200)).body.data).toEqual([]);
    });
  });

  describe('workspaces', () => {
    it('a workspace-bound caller never sees or touches another workspace', async () => {
      const acme = (await create(valid, 'acme').expect(201)).body.data;
      const globex = (await create(valid, 'globex').expect(201)).body.data;
      const globexCaller = ctx.app.as('globex');
      await globexCaller.get(`/api/webhooks/${acme.id}`).expect(404);
      await globexCaller.patch(`/api/webhooks/${acme.id}`).send({ name: 'mine now' }).expect(404);
      await globexCaller.patch(`/api/webhooks/${acme.id}/secret`).send({}).expect(404);
      await globexCaller.delete(`/api/webhooks/${acme.id}`).expect(404);
      expect(
        (await globexCaller.get('/api/webhooks').expect(200)).body.data.map((s: { id: string }) => s.id),
      ).toEqual([globex.id]);
      expect((await ctx.app.as('acme').get(`/api/webhooks/${acme.id}`).expect(200)).body.data.name).toBe(
        'CRM Sync',
      );
      // An unbound key sees every workspace.
      expect(
        (await ctx.app.as(null).get('/api/webhooks').expect(200)).body.data.map((s: { id: string }) => s.id),
      ).toEqual([acme.id, globex.id]);
    });
  });

  describe('GET /webhooks pagination', () => {
    it('walks 120 subscriptions 7 at a time with no gaps or duplicates, even while rows are added', async () => {
      const original: string[] = [];
      for (let i = 0; i < 120; i += 20) {
        const batch = await Promise.all(
          Array.from({ length: 20 }, (_, j) => create({ ...valid, name: `s${i + j}` }, 'walk').expect(201)),
        );
        original.push(...batch.map((res) => res.body.data.id as string));
      }
      await create(valid, 'elsewhere').expect(201);
      const seen: string[] = [];
      const added: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res: request.Response = await ctx.app
          .as('walk')
          .get('/api/webhooks')
          .query({ limit: 7, ...(cursor ? { cursor } : {}) })
          .expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(7);
        expect(res.body.has_more).toBe(res.body.next_cursor !== null);
        seen.push(...res.body.data.map((s: { id: string }) => s.id));
        cursor = res.body.next_cursor;
        if (++pages === 3)
          added.push((await create({ ...valid, name: 'late' }, 'walk').expect(201)).body.data.id);
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual([...original].sort().concat(added));
      expect(pages).toBe(Math.ceil(121 / 7));
    });

    it('defaults to 50 per page and filters by status', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 52; i++) ids.push((await create().expect(201)).body.data.id);
      await ctx.app.as(null).patch(`/api/webhooks/${ids[3]}`).send({ status: 'paused' }).expect(200);
      const first = await ctx.app.as(null).get('/api/webhooks').expect(200);
      expect(first.body.data).toHaveLength(50);
      expect(first.body.has_more).toBe(true);
      const paused = await ctx.app.as(null).get('/api/webhooks?status=paused').expect(200);
      expect(paused.body).toEqual({
        data: [expect.objectContaining({ id: ids[3] })],
        has_more: false,
        next_cursor: null,
      });
    });

    it.each([
      ['limit=0', 'limit'],
      ['limit=201', 'limit'],
      ['limit=abc', 'limit'],
      ['status=deleted', 'status'],
      ['cursor=not-a-cursor', 'cursor'],
    ])('refuses %s', async (query, field) => {
      const res = await ctx.app.as(null).get(`/api/webhooks?${query}`).expect(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    });
  });
  describe('per-subscription delivery settings', () => {
    const settings = {
      retry_schedule: '0, 1m,10m ,1h',
      timeout_ms: 5_000,
      rate_limit: 20,
      max_in_flight: 4,
      ordering: 'fifo',
    };

    it('are taken on create, shown normalised, changed by PATCH and reset to the module with null', async () => {
      const created = (await create({ ...valid, ...settings }).expect(201)).body.data;
      expect(created).toMatchObject({ ...settings, retry_schedule: '0,1m,10m,1h', held_until: null });
      const id = created.id;
      const patched = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${id}`)
        .send({ timeout_ms: 30_000, ordering: 'none' })
        .expect(200);
      expect(patched.body.data).toMatchObject({
        ...settings,
        retry_schedule: '0,1m,10m,1h',
        timeout_ms: 30_000,
        ordering: 'none',
      });
      const reset = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${id}`)
        .send({ retry_schedule: null, timeout_ms: null, rate_limit: null, max_in_flight: null })
        .expect(200);
      expect(reset.body.data).toMatchObject({
        retry_schedule: null,
        timeout_ms: null,
        rate_limit: null,
        max_in_flight: null,
        ordering: 'none',
      });
      expect((await ctx.app.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data).toEqual(
        reset.body.data,
      );
    });

    it('refuses out-of-range values and a malformed schedule with a 400 naming each field', async () => {
      const res = await create({
        ...valid,
        retry_schedule: '0,30x',
        timeout_ms: 999,
        rate_limit: 0,
        max_in_flight: 1.5,
        ordering: 'random',
      }).expect(400);
      expect(fieldsOf(res.body)).toEqual([
        'max_in_flight',
        'ordering',
        'rate_limit',
        'retry_schedule',
        'timeout_ms',
      ]);
      expect(res.body.error.details).toContainEqual({
        field: 'retry_schedule',
        message: expect.stringContaining('entry 2 ("30x")'),
      });
      const id = (await create().expect(201)).body.data.id;
      const patch = await ctx.app
        .as(null)
        .patch(`/api/webhooks/${id}`)
        .send({ timeout_ms: 30_001, ordering: null, retry_schedule: '' })
        .expect(400);
      expect(fieldsOf(patch.body)).toEqual(['ordering', 'retry_schedule', 'timeout_ms']);
    });
  });
});

// A host that names its own switch (apps/api: WEBHOOKS_ALLOW_PRIVATE_URLS): the refusal names it in
// place of the module option, on every path that judges a URL. The policy reads no storage, so one
// storage is enough.
describe('privateUrlsSettingName', () => {
  const SETTING = 'WEBHOOKS_ALLOW_PRIVATE_URLS';
  const HOST_MESSAGE = `url is not allowed: must use https; the setting ${SETTING}=true allows plain http and private addresses (for local work and tests only)`;
  const memory = storageHarnesses.find((harness) => harness.name === 'memory')!;
  const ctx = useStorageApp(memory, { privateUrlsSettingName: SETTING });
  const caller = () => ctx.app.as(null);
  const urlMessages = (body: { error: { details: { field: string; message: string }[] } }) =>
    body.error.details.filter((detail) => detail.field === 'url').map((detail) => detail.message);

  it("names the host's setting, not the module option, at create and update", async () => {
    const created = await caller()
      .post('/api/webhooks')
      .send({ ...valid, url: 'http://127.0.0.1:4000/hook' });
    expect(created.status).toBe(400);
    expect(urlMessages(created.body)).toEqual([HOST_MESSAGE]);
    const id = (await caller().post('/api/webhooks').send(valid).expect(201)).body.data.id;
    const patched = await caller().patch(`/api/webhooks/${id}`).send({ url: 'http://example.com/hook' });
    expect(patched.status).toBe(400);
    expect(urlMessages(patched.body)).toEqual([HOST_MESSAGE]);
    for (const local of ['https://10.0.0.7/hook', 'https://localhost/hook']) {
      const refused = await caller()
        .post('/api/webhooks')
        .send({ ...valid, url: local })
        .expect(400);
      expect(urlMessages(refused.body)[0]).toContain(`; the setting ${SETTING}=true allows`);
      expect(JSON.stringify(refused.body)).not.toContain('allowPrivateUrls');
    }
  });

  it('names it to hosts calling SubscriptionsService directly too', async () => {
    const service = ctx.app.app.get(SubscriptionsService);
    const refusal = service.create({ name: 'CRM Sync', url: 'http://example.com/hook' }, null);
    await expect(refusal).rejects.toBeInstanceOf(InvalidSubscriptionException);
    await expect(refusal).rejects.toMatchObject({ details: [{ field: 'url', message: HOST_MESSAGE }] });
  });

  it('names no switch where none would help (link-local and metadata addresses)', async () => {
    const refused = await caller()
      .post('/api/webhooks')
      .send({ ...valid, url: 'https://169.254.169.254/latest' })
      .expect(400);
    expect(urlMessages(refused.body)).toEqual(['url blocked address 169.254.169.254 (metadata)']);
  });
});

// The seed systems' names, on a module serving all four (as the example host does); which system
// turns on which, and the default without them: compatibility.e2e-spec.ts.
describe.each(storageHarnesses)(
  "other systems' names of the subscriptions API on $name storage",
  (harness) => {
    const ctx = useStorageApp(harness, { compatibility: [...COMPATIBLE_SYSTEMS] });
    const create = (body: object = valid, workspace: string | null = null) =>
      ctx.app.as(workspace).post('/api/webhooks').send(body);

    describe("other systems' field names", () => {
      it("accepts events for event_types, names a subscription after its URL's host, and keeps a format", async () => {
        const res = await create({
          url: 'https://hooks.example.com/rex',
          events: ['deal.*'],
          format: 'slack',
        }).expect(201);
        expect(res.body.data).toMatchObject({
          name: 'hooks.example.com',
          event_types: ['deal.*'],
          events: ['deal.*'],
          format: 'slack',
          status: 'active',
          active: true,
        });
        const read = await ctx.app.as(null).get(`/api/webhooks/${res.body.data.id}`).expect(200);
        expect(read.body.data.format).toBe('slack');
        const changed = await ctx.app
          .as(null)
          .patch(`/api/webhooks/${res.body.data.id}`)
          .send({ format: 'discord', events: ['contact.created'] })
          .expect(200);
        expect(changed.body.data).toMatchObject({ format: 'discord', event_types: ['contact.created'] });
      });

      it('accepts active and enabled for status, and the same meaning given twice', async () => {
        const created = (await create({ ...valid, active: false }).expect(201)).body.data;
        expect(created).toMatchObject({ status: 'paused', active: false });
        const patch = (body: object) => ctx.app.as(null).patch(`/api/webhooks/${created.id}`).send(body);
        expect((await patch({ enabled: true }).expect(200)).body.data.status).toBe('active');
        expect((await patch({ active: false, status: 'paused' }).expect(200)).body.data.status).toBe(
          'paused',
        );
        expect((await patch({ active: true, enabled: true }).expect(200)).body.data.status).toBe('active');
        const same = await patch({
          events: ['deal.won', 'deal.lost'],
          event_types: ['deal.lost', 'deal.won'],
        });
        expect(same.status).toBe(200);
      });

      it.each([
        [{ active: true, status: 'paused' }, ['active', 'status']],
        [{ enabled: false, active: true }, ['active']],
        [{ enabled: false, status: 'active' }, ['enabled', 'status']],
        [{ events: ['deal.won'], event_types: ['deal.lost'] }, ['events']],
        [{ active: 'yes', format: 'html' }, ['active', 'format']],
      ])('refuses the disagreeing or bad forms %j naming them, changing nothing', async (body, fields) => {
        const created = (await create().expect(201)).body.data;
        const res = await ctx.app.as(null).patch(`/api/webhooks/${created.id}`).send(body).expect(400);
        expect(res.body.error.code).toBe('validation_failed');
        expect(fieldsOf(res.body)).toEqual(expect.arrayContaining(fields));
        const after = await ctx.app.as(null).get(`/api/webhooks/${created.id}`).expect(200);
        expect(after.body.data).toEqual(created);
      });

      it('names both forms in a create that gives disagreeing event lists, and still refuses unknown fields', async () => {
        const res = await create({ ...valid, events: ['deal.won'], enabled: 'no', colour: 'red' }).expect(
          400,
        );
        expect(res.body.error.details).toEqual(
          expect.arrayContaining([
            { field: 'events', message: expect.stringContaining('event_types') },
            { field: 'enabled', message: expect.any(String) },
            { field: 'colour', message: 'colour is not a known field' },
          ]),
        );
      });

      it('applies the catalogue to events as to event_types', async () => {
        const res = await create({ url: valid.url, events: ['nothing.*'] }).expect(400);
        expect(res.body.error.details).toEqual([
          { field: 'event_types', message: expect.stringContaining('"nothing.*"') },
        ]);
      });
    });

    describe("other systems' routes", () => {
      it('serves Rapidly /webhooks/endpoints like /webhooks', async () => {
        const created = await ctx.app
          .as(null)
          .post('/api/webhooks/endpoints')
          .send({ url: valid.url, events: ['deal.won'], format: 'discord' })
          .expect(201);
        const id = created.body.data.id as string;
        expect(created.body.secret).toMatch(/^whsec_/);
        const list = await ctx.app.as(null).get('/api/webhooks/endpoints').expect(200);
        expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([id]);
        const read = await ctx.app.as(null).get(`/api/webhooks/endpoints/${id}`).expect(200);
        expect(read.body.data).toEqual(created.body.data);
        const disabled = await ctx.app
          .as(null)
          .patch(`/api/webhooks/endpoints/${id}`)
          .send({ enabled: false })
          .expect(200);
        expect(disabled.body.data.status).toBe('paused');
        const rotated = await ctx.app.as(null).patch(`/api/webhooks/endpoints/${id}/secret`).expect(200);
        expect(rotated.body.secret).not.toBe(created.body.secret);
        await ctx.app.as(null).delete(`/api/webhooks/endpoints/${id}`).expect(204);
        await ctx.app.as(null).get(`/api/webhooks/endpoints/${id}`).expect(404);
      });

      it('deletes with Apex DELETE /webhooks {id}, in the caller workspace only', async () => {
        const created = (await create(valid, 'acme').expect(201)).body.data;
        const other = await ctx.app.as('globex').delete('/api/webhooks').send({ id: created.id }).expect(404);
        expect(other.body.error.code).toBe('subscription_not_found');
        const missing = await ctx.app.as('acme').delete('/api/webhooks').send({}).expect(400);
        expect(fieldsOf(missing.body)).toEqual(['id']);
        await ctx.app.as('acme').delete('/api/webhooks').send({ id: created.id }).expect(204);
        await ctx.app.as('acme').get(`/api/webhooks/${created.id}`).expect(404);
      });
    });
  },
);
