import { execFileSync } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createReceiver } from './receiver.js';
import type { Receiver, ReceiverOptions } from './receiver.types.js';
import { formatRecordedRequest, formatTlsRefusal, formatTokenRequest } from './report.js';

// The receiver standing in for endpoints that demand more than a signature: custom headers shown,
// HTTPS with client certificates required, bearer tokens from its own token endpoint. Real TLS
// handshakes with certificates made by the installed openssl, real HTTP requests.

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
async function start(options: ReceiverOptions) {
  const receiver = await createReceiver(options);
  receivers.push(receiver);
  return receiver;
}

/** A POST with exactly these headers (and Node's framing ones; fetch would add its own). */
const postPlain = (url: string, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    request.on('error', reject);
    request.end('{}');
  });

describe('custom headers', () => {
  it('records and prints the headers a delivery does not set itself, named as sent', async () => {
    const receiver = await start({});
    await postPlain(receiver.url, {
      'Content-Type': 'application/json',
      'X-Rex-Signature': 't=1,v1=00',
      'webhook-id': 'evt_01',
      'X-Webhook-Event-Id': 'evt_01',
      'X-Api-Key': 'k_live_4f9a2c',
      'X-Tenant': 'acme',
    });
    const [request] = await receiver.waitFor(1);

    expect(request!.customHeaders).toEqual({ 'X-Api-Key': 'k_live_4f9a2c', 'X-Tenant': 'acme' });
    expect(formatRecordedRequest(request!, 'X-Rex-Signature')).toContain(
      '\n  headers: X-Api-Key: k_live_4f9a2c · X-Tenant: acme\n',
    );
  });

  it('prints no headers line when there are none', async () => {
    const receiver = await start({});
    await postPlain(receiver.url, { 'X-Webhook-Event-Id': 'evt_01' });
    const [request] = await receiver.waitFor(1);

    expect(request!.customHeaders).toEqual({});
    expect(formatRecordedRequest(request!, 'X-Rex-Signature')).not.toContain('headers:');
  });
});

describe('HTTPS and client certificates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'receiver-pki-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const pem = (file: string) => readFileSync(join(dir, file), 'utf8');
  const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  let server: { cert: string; key: string };
  let client: { cert: string; key: string };
  let stranger: { cert: string; key: string };

  beforeAll(() => {
    for (const ca of ['ca', 'other-ca']) {
      openssl(
        'req',
        '-x509',
        ...newKey,
        '-days',
        '1',
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.pem`,
        '-subj',
        `/CN=${ca}`,
      );
    }
    server = issueWith('ca', 'server', 'subjectAltName=IP:127.0.0.1');
    client = issueWith('ca', 'acme-sender', 'extendedKeyUsage=clientAuth');
    stranger = issueWith('other-ca', 'stranger', 'extendedKeyUsage=clientAuth');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function issueWith(ca: string, name: string, ext: string) {
    writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
    openssl('req', ...newKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
    return { cert: pem(`${name}.crt`), key: pem(`${name}.key`) };
  }

  /** A POST over HTTPS trusting only our CA, presenting `certificate` when given; resolves with the status. */
  const postWith = (url: string, certificate?: { cert: string; key: string }) =>
    new Promise<number>((resolve, reject) => {
      const request = httpsRequest(
        url,
        { method: 'POST', ca: pem('ca.pem'), agent: false, ...certificate },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      request.on('error', reject);
      request.end('{}');
    });

  it('serves HTTPS with its certificate', async () => {
    const receiver = await start({ tls: { cert: server.cert, key: server.key } });
    expect(receiver.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/webhooks$/);

    expect(await postWith(receiver.url)).toBe(200);
    const [request] = await receiver.waitFor(1);
    expect(request!.clientCertificateSubject).toBeNull();
  });

  it('demands a client certificate signed by the client CA and records its subject', async () => {
    const refusals: Error[] = [];
    const receiver = await start({
      tls: { cert: server.cert, key: server.key, clientCa: pem('ca.pem') },
      onTlsError: (error) => refusals.push(error),
    });

    expect(await postWith(receiver.url, client)).toBe(200);
    const [request] = await receiver.waitFor(1);
    expect(request!.clientCertificateSubject).toBe('CN=acme-sender');
    expect(formatRecordedRequest(request!, 'X-Rex-Signature')).toContain(
      '\n  client certificate: CN=acme-sender\n',
    );

    await expect(postWith(receiver.url)).rejects.toThrow();
    await expect(postWith(receiver.url, stranger)).rejects.toThrow();
    expect(receiver.requests).toHaveLength(1);
    // The stranger's refusal may reach the server as the client's reset (TLS 1.3 ends the client's
    // side of the handshake first), so only the first one's reason is fixed.
    expect(refusals).toHaveLength(2);
    expect(formatTlsRefusal(refusals[0]!, new Date('2026-12-07T12:00:00.250Z'))).toBe(
      '✘ 12:00:00.250 TLS handshake refused: peer did not return a certificate',
    );
  });
});

describe('OAuth2 client credentials', () => {
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  const askToken = (receiver: Receiver, authorization: string, body = 'grant_type=client_credentials') =>
    fetch(new URL('/oauth/token', receiver.url), {
      method: 'POST',
      body,
      headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  const deliver = (receiver: Receiver, authorization?: string) =>
    fetch(receiver.url, {
      method: 'POST',
      body: '{}',
      headers: authorization === undefined ? {} : { Authorization: authorization },
    });

  it('issues numbered tokens to a known client and accepts them on webhooks until they expire', async () => {
    let now = new Date('2026-12-07T12:00:00Z');
    const receiver = await start({
      oauth2Clients: [{ id: 'webhooks-sender', secret: 'cs:with/odd chars' }],
      tokenLifetimeSeconds: 60,
      now: () => now,
    });

    const answer = await askToken(
      receiver,
      basic('webhooks-sender', 'cs:with/odd chars'),
      'grant_type=client_credentials&scope=webhooks%3Areceive&audience=https%3A%2F%2Fbilling.example.com',
    );
    expect(answer.status).toBe(200);
    const token = (await answer.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(token).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 60 });
    expect(receiver.tokenRequests).toEqual([
      expect.objectContaining({
        clientId: 'webhooks-sender',
        grantType: 'client_credentials',
        scope: 'webhooks:receive',
        audience: 'https://billing.example.com',
        status: 200,
        token: 1,
      }),
    ]);
    expect(formatTokenRequest(receiver.tokenRequests[0]!)).toMatch(
      /^→ \S+ POST \/oauth\/token client_credentials webhooks-sender scope=webhooks:receive audience=https:\/\/billing\.example\.com\n {2}✔ issued token 1$/,
    );

    expect((await deliver(receiver, `Bearer ${token.access_token}`)).status).toBe(200);
    expect((await deliver(receiver, `Bearer ${token.access_token}`)).status).toBe(200);
    now = new Date(now.getTime() + 60_000);
    const expired = await deliver(receiver, `Bearer ${token.access_token}`);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);

    const requests = await receiver.waitFor(3);
    expect(requests.map(({ bearer }) => bearer)).toEqual([
      { status: 'valid', token: 1 },
      { status: 'valid', token: 1 },
      { status: 'invalid', token: 1, reason: 'token 1 expired' },
    ]);
    expect(formatRecordedRequest(requests[0]!, 'X-Rex-Signature')).toContain(
      '\n  bearer token: ✔ valid (token 1)\n',
    );
  });

  it('refuses unknown clients, other grants and webhooks without a token it issued', async () => {
    const receiver = await start({ oauth2Clients: [{ id: 'webhooks-sender', secret: 'cs_1' }] });

    const wrongSecret = await askToken(receiver, basic('webhooks-sender', 'cs_2'));
    expect([wrongSecret.status, await wrongSecret.json()]).toEqual([401, { error: 'invalid_client' }]);
    const noClient = await askToken(receiver, 'Bearer x');
    expect(noClient.status).toBe(401);
    const otherGrant = await askToken(receiver, basic('webhooks-sender', 'cs_1'), 'grant_type=password');
    expect([otherGrant.status, await otherGrant.json()]).toEqual([400, { error: 'unsupported_grant_type' }]);
    expect(receiver.tokenRequests.map(({ status, error }) => [status, error])).toEqual([
      [401, 'invalid_client'],
      [401, 'invalid_client'],
      [400, 'unsupported_grant_type'],
    ]);
    expect(formatTokenRequest(receiver.tokenRequests[0]!)).toContain('\n  ✘ 401 invalid_client');

    expect((await deliver(receiver)).status).toBe(401);
    expect((await deliver(receiver, 'Bearer made-up')).status).toBe(401);
    const requests = await receiver.waitFor(2);
    expect(requests.map(({ bearer }) => bearer.status)).toEqual(['missing', 'invalid']);
    expect(receiver.requests.every(({ path }) => path !== '/oauth/token')).toBe(true);
  });

  it('has no token endpoint and no bearer check without clients', async () => {
    const receiver = await start({});
    expect((await askToken(receiver, basic('a', 'b'))).status).toBe(200);
    const [request] = await receiver.waitFor(1);
    expect([request!.path, request!.bearer]).toEqual(['/oauth/token', { status: 'skipped' }]);
    expect(receiver.tokenRequests).toEqual([]);
  });
});
