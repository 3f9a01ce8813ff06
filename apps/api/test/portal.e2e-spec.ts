import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PortalTokenService } from '@org/console';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, type ApiResponse } from './support/http.js';

type Json = Record<string, any>;

/** `Authorization: Portal <token>` on one request. */
function asPortal(
  t: TestApp,
  token: string,
  method: string,
  path: string,
  json?: unknown,
): Promise<ApiResponse> {
  return call(t, method, path, { headers: { authorization: `Portal ${token}` }, json });
}

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('token') ?? '';
}

/** Portal sessions: signed links for one workspace, verified on every call. */
describe('portal sessions', () => {
  let t: TestApp;
  let acmeSubscription: Json;
  let globexSubscription: Json;

  beforeAll(async () => {
    t = await startTestApp();
    const create = (key: string, name: string) =>
      call(t, 'POST', '/api/webhooks', { key, json: { name, url: 'https://hooks.example.com/in' } });
    acmeSubscription = (await create(KEYS.acme, 'Acme CRM')).body.data;
    globexSubscription = (await create(KEYS.globex, 'Globex ERP')).body.data;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a workspace-bound key gets a 1 h link to its own workspace', async () => {
    const before = Date.now();
    const response = await call(t, 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    expect(response.status).toBe(201);
    expect(response.body.data.workspace).toBe('acme');
    expect(response.body.data.url).toMatch(new RegExp(`^${t.baseUrl}/portal\\?token=`));
    const lifetime = Date.parse(response.body.data.expires_at) - before;
    expect(lifetime).toBeGreaterThan(3590_000);
    expect(lifetime).toBeLessThanOrEqual(3601_000);
  });

  it('an unbound key names the workspace and may choose the lifetime', async () => {
    const response = await call(t, 'POST', '/api/portal/sessions', {
      key: KEYS.admin,
      json: { workspace: 'globex', ttl_seconds: 600 },
    });
    expect(response.status).toBe(201);
    expect(response.body.data.workspace).toBe('globex');
  });

  it('refuses bad requests with every problem named, and another workspace with 404', async () => {
    const missing = await call(t, 'POST', '/api/portal/sessions', {
      key: KEYS.admin,
      json: { ttl_seconds: 999_999 },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.details.map((d: Json) => d.field).sort()).toEqual(['ttl_seconds', 'workspace']);
    const malformed = await call(t, 'POST', '/api/portal/sessions', {
      key: KEYS.admin,
      json: { ttl_seconds: 0 },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details.map((d: Json) => d.field)).toContain('ttl_seconds');
    const foreign = await call(t, 'POST', '/api/portal/sessions', {
      key: KEYS.acme,
      json: { workspace: 'globex' },
    });
    expect(foreign.status).toBe(404);
    const anonymous = await call(t, 'POST', '/api/portal/sessions', { json: { workspace: 'acme' } });
    expect(anonymous.status).toBe(401);
  });

  it("a portal token sees its workspace's data only", async () => {
    const link = await call(t, 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    const token = tokenOf(link.body.data.url);
    const session = await asPortal(t, token, 'GET', '/api/portal/session');
    expect(session.status).toBe(200);
    expect(session.body.data).toEqual({ workspace: 'acme', expires_at: link.body.data.expires_at });
    const list = await asPortal(t, token, 'GET', '/api/webhooks');
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: Json) => s.id)).toEqual([acmeSubscription.id]);
    expect((await asPortal(t, token, 'GET', `/api/webhooks/${globexSubscription.id}`)).status).toBe(404);
    const edit = await asPortal(t, token, 'PATCH', `/api/webhooks/${acmeSubscription.id}`, {
      name: 'Acme CRM v2',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.data.name).toBe('Acme CRM v2');
    const rotated = await asPortal(t, token, 'PATCH', `/api/webhooks/${acmeSubscription.id}/secret`, {});
    expect(rotated.status).toBe(200);
    expect(typeof rotated.body.secret).toBe('string');
  });

  it('keeps API-key-only operations away from portals (403)', async () => {
    const link = await call(t, 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    const token = tokenOf(link.body.data.url);
    const denied = [
      await asPortal(t, token, 'DELETE', `/api/webhooks/${acmeSubscription.id}`),
      await asPortal(t, token, 'POST', '/api/events', { type: 'deal.won', data: {} }),
      await asPortal(t, token, 'POST', '/api/portal/sessions', { workspace: 'acme' }),
      await asPortal(t, token, 'GET', '/api/inbound-events'),
    ];
    expect(denied.map((r) => r.status)).toEqual([403, 403, 403, 403]);
    expect(denied[0].body.error.code).toBe('forbidden');
    expect((await call(t, 'GET', `/api/webhooks/${acmeSubscription.id}`, { key: KEYS.acme })).status).toBe(
      200,
    );
  });

  it('refuses tampered and expired tokens with 401', async () => {
    const link = await call(t, 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    const token = tokenOf(link.body.data.url);
    const [payload, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 'p1', ws: 'globex', exp: 4102444800 })).toString(
      'base64url',
    );
    const expired = t.app.get(PortalTokenService).sign('acme', -1).token;
    for (const bad of [`${forged}.${mac}`, `${payload}.${mac.slice(1)}x`, 'garbage', expired]) {
      const response = await asPortal(t, bad, 'GET', '/api/webhooks');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('portal_token_invalid');
    }
    expect((await asPortal(t, expired, 'GET', '/api/webhooks')).body.error.message).toMatch(/expired/);
  });
});
