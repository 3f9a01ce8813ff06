import { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Agent } from 'undici';
import { startConnectProxy } from '../../../common/test/support/connect-proxy.js';
import { startMtlsReceiver, type MtlsReceiver } from '../../test/support/mtls-receiver.js';
import { TestPki, type TestCertificate } from '../../test/support/test-pki.js';
import { ClientCertificateAgents } from './client-certificate.agents.js';
import type { ClientTlsMaterial } from './client-tls-material.js';
import { DEFAULT_TRANSPORT_OPTIONS } from './webhook-transport.options.js';
import { WebhookTransport } from './webhook-transport.js';

let pki: TestPki;
let otherPki: TestPki;
let receiver: MtlsReceiver;
let client: TestCertificate;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  pki = new TestPki('Receiver CA');
  otherPki = new TestPki('Stranger CA');
  client = pki.client('acme-sender');
  receiver = await startMtlsReceiver(pki.server(), pki.ca.cert);
});
afterAll(async () => {
  await receiver.close();
  pki.dispose();
  otherPki.dispose();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  receiver.requests.length = 0;
  receiver.handshakes = 0;
  receiver.refusedHandshakes = 0;
});

function transport() {
  const instance = new WebhookTransport({ ...DEFAULT_TRANSPORT_OPTIONS, allowPrivateAddresses: true });
  cleanups.push(() => instance.close());
  return instance;
}

function material(certificate: TestCertificate, subscriptionId = 'whk_1'): ClientTlsMaterial {
  return {
    subscriptionId,
    cert: certificate.cert,
    key: certificate.key,
    ca: pki.ca.cert,
    fingerprint: new X509Certificate(certificate.cert).fingerprint256,
  };
}

const post = (clientTls?: ClientTlsMaterial) => ({ url: receiver.url, body: '{}', headers: {}, clientTls });

describe('WebhookTransport with a client certificate (mutual TLS)', () => {
  it('presents the certificate: the endpoint sees its fingerprint', async () => {
    const result = await transport().send(post(material(client)));

    expect(result).toMatchObject({ ok: true, httpStatus: 200 });
    expect(receiver.requests.map((r) => r.peerFingerprint)).toEqual([
      new X509Certificate(client.cert).fingerprint256,
    ]);
  });

  it('never lends one subscription connection to another, even with the same certificate', async () => {
    const sender = transport();
    await sender.send(post(material(client, 'whk_1')));
    await sender.send(post(material(client, 'whk_2')));

    expect(receiver.handshakes).toBe(2);
  });

  it('presents the certificate through the egress proxy tunnel too', async () => {
    const egress = await startConnectProxy();
    cleanups.push(() => egress.close());
    const sender = new WebhookTransport({
      ...DEFAULT_TRANSPORT_OPTIONS,
      allowPrivateAddresses: true,
      proxy: new URL(egress.url),
    });
    cleanups.push(() => sender.close());

    const result = await sender.send(post(material(client)));

    expect(result).toMatchObject({ ok: true, httpStatus: 200 });
    expect(egress.tunnels).toBe(1);
    expect(receiver.requests.map((r) => r.peerFingerprint)).toEqual([
      new X509Certificate(client.cert).fingerprint256,
    ]);
  });

  it('fails as connection_reset, naming the likely missing certificate, without one', async () => {
    const sender = new WebhookTransport({
      ...DEFAULT_TRANSPORT_OPTIONS,
      allowPrivateAddresses: true,
      tls: { ca: pki.ca.cert },
    });
    cleanups.push(() => sender.close());

    const result = await sender.send(post());

    // Without a certificate presented this close could also be an endpoint hanging up: not `tls`.
    expect(result).toMatchObject({ ok: false, errorCode: 'connection_reset', httpStatus: null });
    expect(result.error).toMatch(/may require a client certificate \(mutual TLS\)/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('fails as tls, saying our certificate was refused, with one from another CA', async () => {
    const stranger = otherPki.client('acme-sender');

    const result = await transport().send(post(material(stranger)));

    expect(result).toMatchObject({ ok: false, errorCode: 'tls' });
    expect(result.error).toMatch(/requires a client certificate, or refused ours/);
    expect(receiver.requests).toHaveLength(0);
    expect(receiver.refusedHandshakes).toBe(1);
  });

  it('verifies the endpoint against the subscription ca: another CA fails as tls', async () => {
    const result = await transport().send(post({ ...material(client), ca: otherPki.ca.cert }));

    expect(result).toMatchObject({ ok: false, errorCode: 'tls' });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('ClientCertificateAgents', () => {
  it('closes the least recently used pool beyond its capacity', async () => {
    const made: Agent[] = [];
    const agents = new ClientCertificateAgents(() => {
      const agent = new Agent();
      made.push(agent);
      return agent;
    }, 2);
    cleanups.push(() => agents.destroy());
    const first = material(client, 'whk_1');

    agents.agentFor(first);
    agents.agentFor(material(client, 'whk_2'));
    agents.agentFor(first); // whk_1 is now the most recently used
    agents.agentFor(material(client, 'whk_3'));

    expect(agents.size).toBe(2);
    expect(made).toHaveLength(3);
    expect(made.map((agent) => agent.closed)).toEqual([false, true, false]);
    expect(agents.agentFor(first)).toBe(made[0]);
  });

  it('gives a replaced certificate a pool of its own', () => {
    const agents = new ClientCertificateAgents(() => new Agent());
    cleanups.push(() => agents.destroy());

    const before = agents.agentFor(material(client));
    const after = agents.agentFor(material(pki.client('acme-sender-2026')));

    expect(after).not.toBe(before);
  });
});
