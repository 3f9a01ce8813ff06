import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { startConnectProxy, type TestConnectProxy } from '../../common/test/support/connect-proxy.js';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import { eventually, startDeliveryApp, startReceiver, type DeliveryApp } from './support/delivery-app.js';

// The egressProxy option end to end: the worker's deliveries and pings leave through a CONNECT proxy
// on loopback, and a failing proxy is recorded on the attempt as error class `proxy`; both storages.
describe.each(storageHarnesses)('egress proxy on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp | undefined;
  let endpoint: Receiver;
  let egress: TestConnectProxy;

  beforeEach(async () => {
    under = await harness.create();
    endpoint = await startReceiver();
    egress = await startConnectProxy();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await endpoint.close();
    await egress.close();
    await under.close();
  });

  const deliveries = async (id: string) =>
    (await app!.as(null).get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
  const attempt = async (id: string, deliveryId: string) =>
    (await app!.as(null).get(`/api/webhooks/${id}/deliveries/${deliveryId}`).expect(200)).body.data;

  it('delivers through a tunnel to the endpoint address, signed as usual, and pings the same way', async () => {
    app = await startDeliveryApp(under.storage, { egressProxy: egress.url });
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('contact.created', { id: 'con_1' });
    const [request] = await endpoint.waitFor(1);
    expect(request!.verification.signature.status).toBe('valid');
    await eventually(async () => expect((await deliveries(id))[0]?.status).toBe('success'));
    await app.as(null).post(`/api/webhooks/${id}/ping`).expect(200);
    await endpoint.waitFor(2);
    const { port } = new URL(endpoint.url);
    expect(egress.tunnels).toBeGreaterThanOrEqual(1);
    expect(new Set(egress.requests.map((r) => r.target))).toEqual(new Set([`127.0.0.1:${port}`]));
  });

  it('records a proxy that refuses the tunnel as error class proxy, with its status, and retries', async () => {
    egress.behaviour = 407;
    app = await startDeliveryApp(under.storage, {
      egressProxy: egress.url.replace('http://', 'http://hooks:proxy-pass@'),
    });
    const id = await app.subscribe({ url: endpoint.url });
    await app.webhooks.publish('contact.created', { id: 'con_1' });
    // The failed first attempt, and the retry it scheduled (the log lists the newest first).
    const logged = await eventually(async () => {
      const page = await deliveries(id);
      expect(page).toMatchObject([
        { attempt: 2, status: 'pending' },
        { attempt: 1, status: 'failed' },
      ]);
      return page[1];
    });
    const detail = await attempt(id, logged.id);
    expect(detail).toMatchObject({
      error_class: 'proxy',
      http_status: null,
      error: `egress proxy answered 407 Proxy Authentication Required to CONNECT 127.0.0.1:${new URL(endpoint.url).port}`,
    });
    expect(JSON.stringify(detail)).not.toContain('proxy-pass');
    expect(egress.requests[0]!.authorization).toBe(
      `Basic ${Buffer.from('hooks:proxy-pass').toString('base64')}`,
    );
    expect(endpoint.requests).toHaveLength(0);
  });
});
