import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call, client, eventually } from './support/http.js';
import { sql } from './support/database.js';
import { expectStillServing } from './support/raw-http.js';

/** The one sentence a tenant reads for a destination that cannot or may not be connected to. */
const DESTINATION_NOT_ALLOWED =
  'destination not allowed: the host is not, or does not resolve to, an address deliveries may use';

/** What would tell a tenant how a name resolved: an address, a resolver's code, the name itself. */
const RESOLUTION_DETAIL = /127\.0\.0\.1|::1|loopback|ENOTFOUND|EAI_AGAIN|DNS|lookup|vm\.|nowhere/i;

// Row 9: a refused ping named the address a host resolved to; ids were echoed whole.
// Row 4 (issue 20): `https://vm.:45203/` (which does not resolve) answered `DNS lookup failed for vm.
// (ENOTFOUND)` while `https://vm:45203/` (loopback through /etc/hosts) answered `destination not
// allowed`: a tenant could list internal names.
describe('hardening: what error answers disclose', () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let acme: ReturnType<typeof client>;
  beforeAll(async () => {
    t = await startTestApp({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' });
    admin = client(t, KEYS.admin);
    acme = client(t, KEYS.acme);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a ping to a name resolving to loopback with "destination not allowed" only', async () => {
    const created = await admin.post('/api/webhooks', { name: 'CRM', url: 'https://example.com/hook' });
    const id = created.body.data.id;
    // A name the create-time check lets through but that resolves to loopback (as `vm` did in the
    // probe): pointed there in the database, so the test does not depend on the machine's hosts file.
    await sql(t, 'update webhook_subscription set url = ? where id = ?', ['https://localhost:1/', id]);
    const ping = await admin.post(`/api/webhooks/${id}/ping`);
    expect(ping.text).toContain('destination not allowed');
    expect(ping.text).not.toMatch(/127\.0\.0\.1|::1|loopback/);
  });

  describe('a name that does not resolve and a name resolving to a refused address look the same', () => {
    // The probe's two URLs (`vm` resolves to loopback where /etc/hosts says so, `vm.` nowhere), and
    // two that do the same on any machine: `localhost` (set in the database: create refuses the
    // name itself) and a name under `.invalid`, which never resolves.
    const PROBE_URLS = ['https://vm.:45203/', 'https://vm:45203/'];
    const ids: string[] = [];
    beforeAll(async () => {
      for (const url of [...PROBE_URLS, 'https://nowhere.invalid:45203/', 'https://example.com/hook']) {
        const created = await acme.post('/api/webhooks', { name: 'CRM', url });
        // Create and update never resolve: the answer cannot depend on what a name resolves to.
        expect([created.status, created.body.data.url]).toEqual([201, new URL(url).href]);
        ids.push(created.body.data.id);
      }
      await sql(t, 'update webhook_subscription set url = ? where id = ?', [
        'https://localhost:45203/',
        ids[3],
      ]);
    });

    it('at create and update: every name is taken, resolving or not', async () => {
      for (const url of PROBE_URLS) {
        const patched = await acme.patch(`/api/webhooks/${ids[2]}`, { url });
        expect([patched.status, patched.body.data.url]).toEqual([200, url]);
      }
      const back = await acme.patch(`/api/webhooks/${ids[2]}`, { url: 'https://nowhere.invalid:45203/' });
      expect(back.status).toBe(200);
    });

    it('in ping answers: 502 with the same error, naming neither the address nor the resolver', async () => {
      const errors = [];
      for (const id of ids) {
        const ping = await acme.post(`/api/webhooks/${id}/ping`);
        expect(ping.status).toBe(502);
        expect(ping.text).not.toMatch(RESOLUTION_DETAIL);
        errors.push(ping.body.error);
      }
      expect(new Set(errors.map((error) => JSON.stringify(error))).size).toBe(1);
      expect(errors[0]).toEqual({
        code: 'ping_failed',
        message: `The endpoint did not accept the test delivery: ${DESTINATION_NOT_ALLOWED}.`,
        details: [{ field: 'url', message: DESTINATION_NOT_ALLOWED }],
      });
      await expectStillServing(t, KEYS.acme);
    });

    it('in recorded attempts, over the API and in the portal: the same error and error class', async () => {
      const published = await acme.post('/api/events', { type: 'contact.created', data: { id: 'con_1' } });
      expect(published.status).toBe(201);
      const session = await acme.post('/api/portal/sessions', {});
      const token = new URL(session.body.data.url).searchParams.get('token')!;
      const asPortal = (path: string) =>
        call(t, 'GET', path, { headers: { authorization: `Portal ${token}` } });
      const shown = [];
      for (const id of ids) {
        const attempt = await eventually(`a failed delivery to ${id}`, async () => {
          const log = await acme.get(`/api/webhooks/${id}/deliveries`);
          return log.body.data.find((a: { test: boolean; error: string | null }) => !a.test && a.error);
        });
        const path = `/api/webhooks/${id}/deliveries/${attempt.id}`;
        for (const response of [await acme.get(path), await asPortal(path)]) {
          expect(response.status).toBe(200);
          shown.push({ error: response.body.data.error, error_class: response.body.data.error_class });
        }
      }
      expect(shown).toEqual(
        Array(shown.length).fill({ error: DESTINATION_NOT_ALLOWED, error_class: 'destination_not_allowed' }),
      );
      await expectStillServing(t, KEYS.acme);
    });

    it('attempts recorded with the old sentences read the same', async () => {
      await sql(t, `update webhook_delivery set error = ?, error_class = 'dns' where subscription_id = ?`, [
        'DNS lookup failed for vm. (ENOTFOUND)',
        ids[0],
      ]);
      const log = await acme.get(`/api/webhooks/${ids[0]}/deliveries`);
      expect(log.text).not.toMatch(RESOLUTION_DETAIL);
      const failed = log.body.data.filter((a: { error: string | null }) => a.error !== null);
      expect(failed.length).toBeGreaterThan(0);
      for (const attempt of failed) expect(attempt.error).toBe(DESTINATION_NOT_ALLOWED);
    });
  });

  it('cuts echoed ids to 64 characters', async () => {
    const long = `whk_${'x'.repeat(5_000)}`;
    const response = await call(t, 'GET', `/api/webhooks/${long}`, { key: KEYS.admin });
    expect(response.status).toBe(404);
    expect(response.body.error.message).toContain(long.slice(0, 64));
    expect(response.body.error.message).not.toContain(long.slice(0, 65));
  });
});
