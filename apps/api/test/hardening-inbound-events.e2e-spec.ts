import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

// Row 1 of the hardening issue, as issue 13 generalised it: an event belongs to its source's
// workspace, and a configured source's events to none, so a key bound to a workspace neither lists,
// reads, retries nor replays them (sources per workspace: inbound-sources.e2e-spec.ts).
describe("hardening: a configured source's inbound events are visible to unbound keys only", () => {
  let t: TestApp;
  let inboundId: string;

  beforeAll(async () => {
    t = await startTestApp();
    const received = await sendStripe(t, stripeEvent('payment_intent.succeeded'));
    expect(received.status).toBe(200);
    inboundId = received.body.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the list of a workspace-bound key leaves them out, without any payload', async () => {
    for (const key of [KEYS.acme, KEYS.globex]) {
      const response = await call(t, 'GET', '/api/inbound-events', { key });
      expect(response.status).toBe(200);
      expect(response.body.data.map((event: { id: string }) => event.id)).not.toContain(inboundId);
      expect(response.text).not.toContain('payment_intent');
    }
  });

  it.each([
    ['read', 'GET', () => `/api/inbound-events/${inboundId}`],
    ['retry', 'POST', () => `/api/inbound-events/${inboundId}/retry`],
    ['replay', 'POST', () => `/api/inbound-events/${inboundId}/replay`],
  ])('%s answers 404 to a workspace-bound key, without any payload', async (_label, method, path) => {
    for (const key of [KEYS.acme, KEYS.globex]) {
      const response = await call(t, method, path(), { key });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('inbound_event_not_found');
      expect(response.text).not.toContain('payment_intent');
    }
  });

  it('still serves the unbound key: list and read', async () => {
    const list = await call(t, 'GET', '/api/inbound-events', { key: KEYS.admin });
    expect(list.status).toBe(200);
    expect(list.body.data.map((event: { id: string }) => event.id)).toContain(inboundId);
    const one = await call(t, 'GET', `/api/inbound-events/${inboundId}`, { key: KEYS.admin });
    expect(one.status).toBe(200);
    expect(one.body.data.payload.type).toBe('payment_intent.succeeded');
  });

  it('says so in Swagger: each route states the rule, each :id route its 404 for workspace-bound keys', async () => {
    const document = await call(t, 'GET', '/docs-json');
    const paths = document.body.paths;
    for (const [path, method] of [
      ['/api/inbound-events', 'get'],
      ['/api/inbound-events/retry', 'post'],
      ['/api/inbound-events/{id}', 'get'],
      ['/api/inbound-events/{id}/retry', 'post'],
      ['/api/inbound-events/{id}/replay', 'post'],
    ] as const) {
      const operation = paths[path][method];
      expect(operation.description).toContain('bound to no workspace');
      if (path.includes('{id}'))
        expect(operation.responses['404'].description).toContain('bound to a workspace');
    }
  });
});
