import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Receiver } from '@org/receiver';
import { ManualClock, parseSecretKey, reencryptStoredSecrets, SecretCipher } from '@org/common';
import { Registry } from 'prom-client';
import { ClientCertificateExpiryCheck } from '../src/subscriptions/client-certificate-expiry.check.js';
import { DEFAULT_TRANSPORT_OPTIONS } from '../src/transport/webhook-transport.options.js';
import { WebhookTransport } from '../src/transport/webhook-transport.js';
import { storageHarnesses, type StorageUnderTest } from './support/storage-harness.js';
import {
  eventually,
  RECEIVER_SECRET,
  startDeliveryApp,
  startReceiver,
  type DeliveryApp,
} from './support/delivery-app.js';
import { startMtlsReceiver, type MtlsReceiver } from './support/mtls-receiver.js';
import { TestPki, type TestCertificate } from './support/test-pki.js';

const DAY = 86_400_000;

interface LogItem {
  id: string;
  status: string;
  error: string | null;
  error_class?: string | null;
}

// Custom headers and mutual TLS through the HTTP API, on both storages: real deliveries to loopback
// endpoints (an HTTPS one that demands a client certificate), certificates made by openssl.
describe.each(storageHarnesses)('endpoint credentials on $name storage', (harness) => {
  let under: StorageUnderTest;
  let app: DeliveryApp;
  let pki: TestPki;
  let strangers: TestPki;
  let mtls: MtlsReceiver;
  let client: TestCertificate;
  let transport: WebhookTransport;
  let registry: Registry;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    under = await harness.create();
    pki = new TestPki('Receiver CA');
    strangers = new TestPki('Stranger CA');
    client = pki.client('acme-sender');
    mtls = await startMtlsReceiver(pki.server(), pki.ca.cert);
  });
  afterAll(async () => {
    await mtls.close();
    pki.dispose();
    strangers.dispose();
    await under.close();
  });
  beforeEach(async () => {
    await under.reset();
    clock.set(Date.now());
    mtls.requests.length = 0;
    // The module's own trust knows the receiver's CA, so a subscription without `tls` reaches the
    // client-certificate check rather than failing on the server certificate.
    transport = new WebhookTransport({
      ...DEFAULT_TRANSPORT_OPTIONS,
      allowPrivateAddresses: true,
      tls: { ca: pki.ca.cert },
    });
    registry = new Registry();
    app = await startDeliveryApp(
      under.storage,
      { clock, retrySchedule: '0,1m', metricsRegistry: registry },
      (builder) => builder.overrideProvider(WebhookTransport).useValue(transport),
    );
  });
  afterEach(async () => {
    await app.close();
    await transport.close();
  });

  const api = () => app.as(null);
  const log = async (id: string): Promise<LogItem[]> =>
    (await api().get(`/api/webhooks/${id}/deliveries`).expect(200)).body.data;
  const detail = async (id: string, attemptId: string) =>
    (await api().get(`/api/webhooks/${id}/deliveries/${attemptId}`).expect(200)).body.data;
  const settled = (id: string) =>
    eventually(async () => {
      const items = (await log(id)).filter((item) => item.status !== 'pending');
      expect(items.length).toBeGreaterThan(0);
      return items[0];
    });
  const tlsBody = (certificate: TestCertificate, ca: string | null = pki.ca.cert) => ({
    client_cert: certificate.cert,
    client_key: certificate.key,
    ca,
  });

  describe('custom headers', () => {
    let endpoint: Receiver;
    beforeEach(async () => {
      endpoint = await startReceiver();
    });
    afterEach(async () => endpoint.close());

    it('are sent with deliveries and pings, answered and logged as [redacted]', async () => {
      const created = await api()
        .post('/api/webhooks')
        .send({
          name: 'crm',
          url: endpoint.url,
          secret: RECEIVER_SECRET,
          headers: { 'X-Api-Key': 'k_live_1', 'User-Agent': 'acme/2' },
        })
        .expect(201);
      const id = created.body.data.id as string;
      expect(created.body.data.headers).toEqual({ 'X-Api-Key': '[redacted]', 'User-Agent': '[redacted]' });
      expect(JSON.stringify(created.body)).not.toContain('k_live_1');

      await app.webhooks.publish('deal.won', { id: 'deal_1' });
      const [delivered] = await endpoint.waitFor(1);
      expect(delivered.headers['x-api-key']).toBe('k_live_1');
      expect(delivered.headers['user-agent']).toBe('acme/2');
      expect(delivered.verification.signature.status).toBe('valid');
      const attempt = await settled(id);
      const recorded = await detail(id, attempt.id);
      expect(recorded.request_headers['X-Api-Key']).toBe('[redacted]');
      expect(JSON.stringify(recorded)).not.toContain('k_live_1');

      await api().post(`/api/webhooks/${id}/ping`).expect(200);
      const [, pinged] = await endpoint.waitFor(2);
      expect(pinged.headers['x-api-key']).toBe('k_live_1');
      expect(JSON.stringify((await api().get(`/api/webhooks/${id}`).expect(200)).body)).not.toContain(
        'k_live_1',
      );
    });

    it('are replaced whole by PATCH and removed by null', async () => {
      const id = await app.subscribe({ url: endpoint.url, headers: { 'X-One': '1', 'X-Two': '2' } });
      const replaced = await api()
        .patch(`/api/webhooks/${id}`)
        .send({ headers: { 'X-Three': '3' } })
        .expect(200);
      expect(replaced.body.data.headers).toEqual({ 'X-Three': '[redacted]' });
      const renamed = await api().patch(`/api/webhooks/${id}`).send({ name: 'renamed' }).expect(200);
      expect(renamed.body.data.headers).toEqual({ 'X-Three': '[redacted]' });
      const removed = await api().patch(`/api/webhooks/${id}`).send({ headers: null }).expect(200);
      expect(removed.body.data.headers).toEqual({});

      await app.webhooks.publish('deal.won', { id: 'deal_1' });
      const [delivered] = await endpoint.waitFor(1);
      expect(Object.keys(delivered.headers).filter((name) => /^x-(one|two|three)$/.test(name))).toEqual([]);
    });

    it('refuses our own, hop-by-hop and malformed names, bad values and too many, each by name', async () => {
      const res = await api()
        .post('/api/webhooks')
        .send({
          url: endpoint.url,
          headers: {
            'X-Rex-Signature': 'forged',
            'webhook-id': 'x',
            'X-Webhook-Attempt': '9',
            traceparent: 'x',
            Connection: 'close',
            'Content-Type': 'text/plain',
            'Proxy-Authorization': 'x',
            'Bad Name': 'x',
            'X-Newline': 'a\r\nInjected: yes',
            'X-Dup': 'a',
            'x-dup': 'b',
          },
        })
        .expect(400);
      expect(res.body.error.code).toBe('validation_failed');
      const fields = res.body.error.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'headers.X-Rex-Signature',
          'headers.webhook-id',
          'headers.X-Webhook-Attempt',
          'headers.traceparent',
          'headers.Connection',
          'headers.Content-Type',
          'headers.Proxy-Authorization',
          'headers.Bad Name',
          'headers.X-Newline',
          'headers.x-dup',
        ]),
      );
      expect(fields).not.toContain('headers.X-Dup');

      // `authorization` belongs to the bearer token of a subscription with oauth2, on create or later.
      const oauth2 = { token_url: 'https://auth.example.com/token', client_id: 'c', client_secret: 's3cr3t' };
      const withToken = await api()
        .post('/api/webhooks')
        .send({ url: endpoint.url, oauth2, headers: { Authorization: 'Basic x' } })
        .expect(400);
      expect(withToken.body.error.details).toEqual([
        { field: 'headers.Authorization', message: expect.stringContaining('oauth2') },
      ]);
      const tokenId = await app.subscribe({ url: endpoint.url, oauth2 });
      const later = await api()
        .patch(`/api/webhooks/${tokenId}`)
        .send({ headers: { authorization: 'Basic x' } })
        .expect(400);
      expect(later.body.error.details.map((d: { field: string }) => d.field)).toEqual([
        'headers.authorization',
      ]);
      const withoutToken = await app.subscribe({ url: endpoint.url, headers: { Authorization: 'Basic x' } });
      expect(withoutToken).toMatch(/^whk_/);

      const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v']));
      const tooMany = await api()
        .post('/api/webhooks')
        .send({ url: endpoint.url, headers: many })
        .expect(400);
      expect(tooMany.body.error.details).toEqual([
        { field: 'headers', message: expect.stringContaining('at most 20 headers') },
      ]);
      const big = await api()
        .post('/api/webhooks')
        .send({ url: endpoint.url, headers: { 'X-Big': 'v'.repeat(4100) } })
        .expect(400);
      expect(big.body.error.details.map((d: { field: string }) => d.field)).toEqual(['headers']);
    });
  });

  describe('mutual TLS', () => {
    const fingerprint = (certificate: TestCertificate) =>
      new X509Certificate(certificate.cert).fingerprint256;

    it('presents the client certificate: the endpoint sees it, the key is never answered or logged', async () => {
      const created = await api()
        .post('/api/webhooks')
        .send({ name: 'bank', url: mtls.url, tls: tlsBody(client) })
        .expect(201);
      const id = created.body.data.id as string;
      const x509 = new X509Certificate(client.cert);
      expect(created.body.data.tls).toEqual({
        client_cert: client.cert,
        ca: pki.ca.cert,
        client_cert_expires_at: x509.validToDate.toISOString(),
        client_cert_subject: 'CN=acme-sender',
        client_cert_fingerprint_sha256: x509.fingerprint256,
      });

      await app.webhooks.publish('deal.won', { id: 'deal_1' });
      await eventually(() => expect(mtls.requests).toHaveLength(1));
      expect(mtls.requests[0].peerFingerprint).toBe(fingerprint(client));
      const attempt = await settled(id);
      expect(attempt.status).toBe('success');

      await api().post(`/api/webhooks/${id}/ping`).expect(200);
      expect(mtls.requests).toHaveLength(2);
      expect(mtls.requests[1].peerFingerprint).toBe(fingerprint(client));

      const keyBody = client.key.split('\n')[1];
      const answers = [
        created.body,
        (await api().get(`/api/webhooks/${id}`).expect(200)).body,
        (await api().get('/api/webhooks').expect(200)).body,
        await log(id),
        await detail(id, attempt.id),
      ];
      for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(keyBody);
    });

    it('fails with one from another CA as tls, and without one names the likely missing certificate', async () => {
      const bare = await app.subscribe({ url: mtls.url });
      const stranger = await app.subscribe({ url: mtls.url, tls: tlsBody(strangers.client('acme-sender')) });

      await app.webhooks.publish('deal.won', { id: 'deal_1' });

      const outcome = async (id: string) => {
        const attempt = await settled(id);
        const recorded = await detail(id, attempt.id);
        return { status: attempt.status, error_class: recorded.error_class, error: attempt.error };
      };
      expect(await outcome(stranger)).toEqual({
        status: 'failed',
        error_class: 'tls',
        error: expect.stringContaining('TLS error'),
      });
      expect(await outcome(bare)).toEqual({
        status: 'failed',
        error_class: 'connection_reset',
        error: expect.stringContaining('may require a client certificate'),
      });
      expect(mtls.requests).toHaveLength(0);
    });

    it('refuses expired, mismatched, encrypted and garbage PEMs at create, each by field', async () => {
      const expired = pki.client('old', {
        start: new Date(clock.now().getTime() - 60 * DAY),
        end: new Date(clock.now().getTime() - DAY),
      });
      const other = pki.client('other');
      const refused = async (tls: Record<string, unknown>) =>
        (await api().post('/api/webhooks').send({ url: mtls.url, tls }).expect(400)).body.error.details;

      expect(await refused(tlsBody(expired))).toEqual([
        { field: 'tls.client_cert', message: expect.stringMatching(/^expired on \d{4}-/) },
      ]);
      expect(await refused({ ...tlsBody(client), client_key: other.key })).toEqual([
        { field: 'tls.client_key', message: 'does not match tls.client_cert' },
      ]);
      expect(
        await refused({
          client_cert: 'not a certificate',
          client_key: 'nor a key',
          ca: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
        }),
      ).toEqual([
        { field: 'tls.client_cert', message: expect.stringContaining('not a PEM X.509 certificate') },
        { field: 'tls.client_key', message: expect.stringContaining('not a PEM private key') },
        { field: 'tls.ca', message: expect.stringContaining('PEM X.509 certificates') },
      ]);
      const encryptedKey =
        '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n';
      expect(await refused({ ...tlsBody(client), client_key: encryptedKey })).toEqual([
        { field: 'tls.client_key', message: expect.stringContaining('encrypted with a passphrase') },
      ]);
    });

    it('does not present a certificate that expired after it was set; PATCH replaces it, null removes it', async () => {
      const shortLived = pki.client('short', {
        start: new Date(clock.now().getTime() - DAY),
        end: new Date(clock.now().getTime() + 2 * DAY),
      });
      const id = await app.subscribe({ url: mtls.url, tls: tlsBody(shortLived) });
      const expiresAt = new X509Certificate(shortLived.cert).validToDate;
      clock.advance(3 * DAY);

      await app.webhooks.publish('deal.won', { id: 'deal_1' });
      const attempt = await settled(id);
      expect(attempt.error).toBe(
        `client certificate expired on ${expiresAt.toISOString()}: replace it (PATCH tls) to resume deliveries`,
      );
      expect((await detail(id, attempt.id)).error_class).toBe('tls');
      expect(mtls.requests).toHaveLength(0);

      // Valid at the (moved) clock: issued for a year from the real now.
      const replaced = await api()
        .patch(`/api/webhooks/${id}`)
        .send({ tls: tlsBody(client) })
        .expect(200);
      expect(replaced.body.data.tls.client_cert_fingerprint_sha256).toBe(fingerprint(client));
      clock.advance(60_000);
      app.worker.wake();
      await eventually(() => expect(mtls.requests).toHaveLength(1));
      expect(mtls.requests[0].peerFingerprint).toBe(fingerprint(client));

      const removed = await api().patch(`/api/webhooks/${id}`).send({ tls: null }).expect(200);
      expect(removed.body.data.tls).toBeNull();
    });

    it('warns once per certificate within 14 days of expiry, by event and metric', async () => {
      const now = clock.now().getTime();
      const soon = pki.client('soon', { start: new Date(now - DAY), end: new Date(now + 20 * DAY) });
      const later = pki.client('later', { start: new Date(now - DAY), end: new Date(now + 200 * DAY) });
      const soonId = await app.subscribe({ name: 'soon', url: mtls.url, tls: tlsBody(soon) }, 'acme');
      await app.subscribe({ name: 'later', url: mtls.url, tls: tlsBody(later) }, 'acme');
      const expiring = async () =>
        (await app.as('acme').get('/api/events?type=webhook.certificate_expiring').expect(200)).body.data;
      const states = async () =>
        (await registry.getSingleMetric('webhooks_client_certificates')!.get()).values.map((v) => [
          v.labels.state,
          v.value,
        ]);
      const check = app.app.get(ClientCertificateExpiryCheck);

      expect(await check.check()).toBe(0);
      expect(await expiring()).toEqual([]);
      expect(await states()).toEqual(
        expect.arrayContaining([
          ['valid', 2],
          ['expiring', 0],
          ['expired', 0],
        ]),
      );

      clock.advance(7 * DAY); // 13 days left
      expect(await check.check()).toBe(1);
      clock.advance(60 * 60 * 1000); // the next hour's check, or another instance's
      expect(await check.check()).toBe(1);
      const events = await expiring();
      expect(events).toHaveLength(1);
      expect(events[0].data).toEqual({
        subscription_id: soonId,
        name: 'soon',
        url: mtls.url,
        client_cert_expires_at: new X509Certificate(soon.cert).validToDate.toISOString(),
        client_cert_fingerprint_sha256: new X509Certificate(soon.cert).fingerprint256,
      });
      expect(await states()).toEqual(
        expect.arrayContaining([
          ['valid', 1],
          ['expiring', 1],
          ['expired', 0],
        ]),
      );

      clock.advance(14 * DAY);
      expect(await check.check()).toBe(0);
      expect(await expiring()).toHaveLength(1);
      expect(await states()).toEqual(
        expect.arrayContaining([
          ['valid', 1],
          ['expiring', 0],
          ['expired', 1],
        ]),
      );
    });
  });
});

// The key-ring rotation re-encrypts custom header values and client keys with the signing secrets:
// written under key A, re-encrypted to B, then delivered by an app that knows B alone.
describe.each(storageHarnesses)('endpoint credentials across a key rotation on $name storage', (harness) => {
  it('delivers with the header and the client certificate after A → B', async () => {
    const [keyA, keyB] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)].map((key) => key.toString('base64'));
    const under = await harness.create();
    const pki = new TestPki('Receiver CA');
    const client = pki.client('acme-sender');
    const mtls = await startMtlsReceiver(pki.server(), pki.ca.cert);
    try {
      const underA = await startDeliveryApp(under.storage, { secretKey: keyA, worker: false });
      const id = await underA.subscribe({
        url: mtls.url,
        headers: { 'X-Api-Key': 'k_live_rotated' },
        tls: { client_cert: client.cert, client_key: client.key, ca: pki.ca.cert },
      });
      await underA.close();

      const ring = new SecretCipher([parseSecretKey(keyB), parseSecretKey(keyA)]);
      const progress = await reencryptStoredSecrets(under.storage.subscriptions, ring);
      // The signing secret, the header value and the client key.
      expect(progress).toMatchObject({ rows: 1, reencrypted: 3, undecryptable: 0, complete: true });

      const underB = await startDeliveryApp(under.storage, { secretKey: keyB });
      try {
        await underB.webhooks.publish('deal.won', { id: 'deal_1' });
        await eventually(() => expect(mtls.requests).toHaveLength(1));
        expect(mtls.requests[0].headers['x-api-key']).toBe('k_live_rotated');
        expect(mtls.requests[0].peerFingerprint).toBe(new X509Certificate(client.cert).fingerprint256);
        expect((await underB.as(null).get(`/api/webhooks/${id}`).expect(200)).body.data.tls).not.toBeNull();
      } finally {
        await underB.close();
      }
    } finally {
      await mtls.close();
      pki.dispose();
      await under.close();
    }
  });
});
