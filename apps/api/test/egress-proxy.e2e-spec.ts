import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver, type Receiver } from '@org/receiver';
import { startConnectProxy, type TestConnectProxy } from '../../../libs/common/test/support/connect-proxy.js';
import { until } from '../../../libs/common/test/support/until.js';
import { KEYS, startTestApp, TEST_HTTP_ADAPTER, type TestApp } from './app-harness.js';

// WEBHOOKS_EGRESS_PROXY: the host app's deliveries and test deliveries leave through the proxy it
// names, with the proxy's credentials from the URL; on the platform of TEST_HTTP_ADAPTER.
describe(`WEBHOOKS_EGRESS_PROXY (${TEST_HTTP_ADAPTER})`, () => {
  let t: TestApp;
  let endpoint: Receiver;
  let egress: TestConnectProxy;

  beforeAll(async () => {
    [endpoint, egress] = await Promise.all([createReceiver(), startConnectProxy()]);
    t = await startTestApp({
      WEBHOOKS_EGRESS_PROXY: egress.url.replace('http://', 'http://hooks:egress-pass@'),
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([endpoint.close(), egress.close()]);
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${t.baseUrl}/api${path}`, {
      method,
      headers: { 'X-Api-Key': KEYS.admin, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it('sends test deliveries and published events through the proxy, asking it for the address', async () => {
    const created = await api('POST', '/webhooks', { url: endpoint.url, event_types: ['contact.created'] });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;

    const ping = await api('POST', `/webhooks/${id}/ping`);
    expect(ping.status).toBe(200);
    await api('POST', '/events', { type: 'contact.created', data: { id: 'con_1' } });
    await endpoint.waitFor(2);
    await until(
      async () =>
        (await api('GET', `/webhooks/${id}/deliveries`)).body.data.every((d: any) => d.status === 'success'),
      { what: 'both deliveries logged as successes' },
    );

    const { port } = new URL(endpoint.url);
    expect(egress.tunnels).toBeGreaterThanOrEqual(1);
    expect(egress.requests.length).toBe(egress.tunnels);
    for (const request of egress.requests) {
      expect(request).toEqual({
        target: `127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        authorization: `Basic ${Buffer.from('hooks:egress-pass').toString('base64')}`,
      });
    }
  });

  it('records a refusing proxy as error class proxy, and never shows its password', async () => {
    egress.behaviour = 403;
    // Another endpoint: the first one's tunnel is still open, and kept-alive tunnels are reused.
    const other = await createReceiver();
    const created = await api('POST', '/webhooks', { url: other.url });
    const id = created.body.data.id as string;
    const ping = await api('POST', `/webhooks/${id}/ping`);
    await other.close();
    expect(ping.status).toBe(502);
    const { port } = new URL(other.url);
    expect(ping.body.error.details).toEqual([
      { field: 'url', message: `egress proxy answered 403 Forbidden to CONNECT 127.0.0.1:${port}` },
    ]);
    const detail = await api('GET', `/webhooks/${id}/deliveries/${ping.body.data.delivery_id}`);
    expect(detail.body.data).toMatchObject({ error_class: 'proxy', http_status: null });
    expect(JSON.stringify([ping.body, detail.body])).not.toContain('egress-pass');
  });
});
