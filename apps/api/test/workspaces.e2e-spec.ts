import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import { claimsBesideProbe } from './support/probe.js';

describe('workspaces: a key bound to a workspace sees and touches only that workspace', () => {
  let t: TestApp;
  let acmeReceiver: Receiver;
  let globexReceiver: Receiver;
  let acme: ReturnType<typeof client>;
  let globex: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  let acmeSubscription: { id: string };
  let globexSubscription: { id: string };
  let acmeEventId: string;

  beforeAll(async () => {
    [t, acmeReceiver, globexReceiver] = await Promise.all([
      startTestApp(),
      createReceiver(),
      createReceiver(),
    ]);
    acme = client(t, KEYS.acme);
    globex = client(t, KEYS.globex);
    admin = client(t, KEYS.admin);
    const a = await acme.post('/api/webhooks', {
      name: 'Acme CRM',
      url: acmeReceiver.url,
      event_types: ['contact.created'],
    });
    const g = await globex.post('/api/webhooks', {
      name: 'Globex CRM',
      url: globexReceiver.url,
      event_types: ['contact.created'],
    });
    expect([a.status, g.status]).toEqual([201, 201]);
    acmeSubscription = a.body.data;
    globexSubscription = g.body.data;
  });
  afterAll(async () => {
    await Promise.all([t.close(), acmeReceiver.close(), globexReceiver.close()]);
  });

  it("delivers an acme event to acme's subscription and not to globex's subscription of the same type", async () => {
    const published = await acme.post('/api/events', {
      type: 'contact.created',
      data: { id: 'con_acme_1', email: 'wile@acme.test' },
    });
    expect(published.status).toBe(201);
    acmeEventId = published.body.data.id;

    const [delivery] = await acmeReceiver.waitFor(1, 5_000);
    expect(delivery.json).toMatchObject({
      id: acmeEventId,
      event: 'contact.created',
      data: { id: 'con_acme_1' },
    });
    // Given its chance (a later claim, the probe's, takes nothing else), the worker sent nothing more:
    // globex's subscription got no attempt, as one fan-out inserts the event's attempts all at once.
    expect(await claimsBesideProbe(t)).toBe(0);
    expect(acmeReceiver.requests).toHaveLength(1);
    expect(globexReceiver.requests).toHaveLength(0);
  });

  it('hides an acme subscription from globex: GET, PATCH, DELETE answer 404 and the list leaves it out', async () => {
    const id = acmeSubscription.id;
    for (const response of [
      await globex.get(`/api/webhooks/${id}`),
      await globex.patch(`/api/webhooks/${id}`, { name: 'taken over' }),
      await globex.delete(`/api/webhooks/${id}`),
      await globex.patch(`/api/webhooks/${id}/secret`, {}),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toEqual(expect.any(String));
      expect(response.text).not.toContain('Acme CRM');
    }
    const list = await globex.get('/api/webhooks');
    expect(list.body.data.map((s: { id: string }) => s.id)).toEqual([globexSubscription.id]);

    // Still intact for its owner after globex's attempts.
    const own = await acme.get(`/api/webhooks/${id}`);
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ id, name: 'Acme CRM', status: 'active' });
  });

  it("refuses globex every delivery action on acme's subscription with 404", async () => {
    const id = acmeSubscription.id;
    const responses = {
      deliveries: await globex.get(`/api/webhooks/${id}/deliveries`),
      ping: await globex.post(`/api/webhooks/${id}/ping`, {}),
      replay: await globex.post(`/api/webhooks/${id}/replay`, { event_id: acmeEventId }),
      redeliver: await globex.post(`/api/webhooks/${id}/events/${acmeEventId}/redeliver`),
    };
    expect(Object.fromEntries(Object.entries(responses).map(([name, r]) => [name, r.status]))).toEqual({
      deliveries: 404,
      ping: 404,
      replay: 404,
      redeliver: 404,
    });
    // The cross-subscription log treats a foreign subscription id as a filter that matches nothing.
    const filtered = await globex.get(`/api/webhooks/deliveries?subscription_id=${id}`);
    expect(filtered.status).toBe(200);
    expect(filtered.body.data).toEqual([]);
    const ownerView = await acme.get(`/api/webhooks/deliveries?subscription_id=${id}`);
    expect(ownerView.body.data).toHaveLength(1);
    const all = await globex.get('/api/webhooks/deliveries');
    expect(all.body.data).toEqual([]);

    // Nothing was sent by globex's ping (refused before sending) or redelivery (no attempt added:
    // the owner's log above still holds one).
    expect(acmeReceiver.requests).toHaveLength(1);
  });

  it('hides acme events from globex, in the list and by id', async () => {
    const list = await globex.get('/api/events');
    expect(list.status).toBe(200);
    expect(list.body.data.map((e: { id: string }) => e.id)).not.toContain(acmeEventId);
    expect((await globex.get(`/api/events/${acmeEventId}`)).status).toBe(404);
    const own = await acme.get('/api/events');
    expect(own.body.data.map((e: { id: string }) => e.id)).toContain(acmeEventId);
  });

  it('shows the admin key (bound to no workspace) every subscription, event and delivery', async () => {
    const list = await admin.get('/api/webhooks');
    expect(list.body.data.map((s: { id: string }) => s.id).sort()).toEqual(
      [acmeSubscription.id, globexSubscription.id].sort(),
    );
    expect((await admin.get(`/api/webhooks/${acmeSubscription.id}`)).status).toBe(200);
    expect((await admin.get(`/api/events/${acmeEventId}`)).status).toBe(200);
    const deliveries = await admin.get(`/api/webhooks/${acmeSubscription.id}/deliveries`);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.data).toEqual([
      expect.objectContaining({ event_id: acmeEventId, status: 'success' }),
    ]);
  });

  it('lets globex delete only its own subscription', async () => {
    expect((await globex.delete(`/api/webhooks/${globexSubscription.id}`)).status).toBe(204);
    expect((await acme.get(`/api/webhooks/${acmeSubscription.id}`)).status).toBe(200);
  });
});
