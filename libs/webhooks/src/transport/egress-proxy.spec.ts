import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startConnectProxy, type TestConnectProxy } from '../../../common/test/support/connect-proxy.js';
import type { HostResolver } from './guarded-lookup.js';
import { DEFAULT_TRANSPORT_OPTIONS, type WebhookTransportOptions } from './webhook-transport.options.js';
import { WebhookTransport } from './webhook-transport.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const fixtures = join(import.meta.dirname, '__fixtures__');
const receiverCert = readFileSync(join(fixtures, 'receiver.test.crt'));
const json = { 'Content-Type': 'application/json' };

interface Endpoint {
  port: number;
  connections: number;
  requests: { host: string | undefined; body: string; servername?: string }[];
}

async function listen(server: Server, status = 200): Promise<Endpoint> {
  const endpoint: Endpoint = { port: 0, connections: 0, requests: [] };
  server.on('request', (req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const servername = (req.socket as TLSSocket).servername || undefined;
      endpoint.requests.push({ host: req.headers.host, body, ...(servername ? { servername } : {}) });
      res.writeHead(status).end('ok');
    });
  });
  server.on('connection', () => endpoint.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  endpoint.port = (server.address() as AddressInfo).port;
  return endpoint;
}

const httpEndpoint = (status?: number) => listen(createHttpServer(), status);
const httpsEndpoint = () =>
  listen(createHttpsServer({ cert: receiverCert, key: readFileSync(join(fixtures, 'receiver.test.key')) }));

async function proxy(options: Parameters<typeof startConnectProxy>[0] = {}): Promise<TestConnectProxy> {
  const started = await startConnectProxy(options);
  cleanups.push(() => started.close());
  return started;
}

/** Names the tests use, and the addresses they resolve to. */
const resolver: HostResolver = async (hostname) => {
  const table: Record<string, string> = {
    'receiver.test': '127.0.0.1',
    'plain.test': '127.0.0.1',
    'metadata.test': '169.254.169.254',
    'public.test': '93.184.215.14',
  };
  const address = table[hostname];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return [{ address, family: 4 }];
};

function transport(proxyUrl: string, options: Partial<WebhookTransportOptions> = {}) {
  const instance = new WebhookTransport({
    ...DEFAULT_TRANSPORT_OPTIONS,
    allowPrivateAddresses: true,
    resolver,
    proxy: new URL(proxyUrl),
    ...options,
  });
  cleanups.push(() => instance.close());
  return instance;
}

describe('WebhookTransport through an egress proxy', () => {
  it('tunnels to the checked IP (not the name), keeps the name as Host, and reuses tunnels', async () => {
    const endpoint = await httpEndpoint();
    const egress = await proxy();
    const client = transport(egress.url);
    const url = `http://plain.test:${endpoint.port}/hook`;
    for (let n = 0; n < 10; n++) {
      expect(await client.send({ url, body: `{"n":${n}}`, headers: json })).toMatchObject({ ok: true });
    }
    // As with direct connections, undici frees a connection a tick after its answer, so an
    // immediate second send may open a second tunnel; from then on both are reused.
    expect(egress.tunnels).toBeLessThanOrEqual(2);
    expect(endpoint.connections).toBe(egress.tunnels);
    expect(new Set(egress.requests.map((r) => JSON.stringify(r)))).toEqual(
      new Set([
        JSON.stringify({ target: `127.0.0.1:${endpoint.port}`, host: `plain.test:${endpoint.port}` }),
      ]),
    );
    expect(endpoint.requests).toHaveLength(10);
    expect(endpoint.requests.every((r) => r.host === `plain.test:${endpoint.port}`)).toBe(true);
  });

  it('speaks TLS inside the tunnel with the name for SNI and certificate checks (wrong CA: tls)', async () => {
    const endpoint = await httpsEndpoint();
    const egress = await proxy();
    const url = `https://receiver.test:${endpoint.port}/hook`;
    const trusting = await transport(egress.url, { tls: { ca: receiverCert } }).send({
      url,
      body: '{}',
      headers: json,
    });
    expect(trusting).toMatchObject({ ok: true, httpStatus: 200 });
    expect(endpoint.requests[0]).toMatchObject({ servername: 'receiver.test' });
    // Node's bundled roots do not sign the endpoint's self-signed certificate.
    const untrusting = await transport(egress.url).send({ url, body: '{}', headers: json });
    expect(untrusting).toMatchObject({ ok: false, errorCode: 'tls', httpStatus: null });
    expect(egress.tunnels).toBe(2);
    expect(egress.requests.map((r) => r.target)).toEqual([
      `127.0.0.1:${endpoint.port}`,
      `127.0.0.1:${endpoint.port}`,
    ]);
  });

  it('works with the proxy on loopback while private destinations are refused', async () => {
    const endpoint = await httpsEndpoint();
    // The test proxy lands every tunnel on the loopback endpoint, whatever public address it was asked for.
    const egress = await proxy({ route: () => ({ host: '127.0.0.1', port: endpoint.port }) });
    const client = transport(egress.url, { allowPrivateAddresses: false, tls: { ca: receiverCert } });
    const result = await client.send({ url: 'https://receiver.test:8443/hook', body: '{}', headers: json });
    expect(result).toMatchObject({ ok: false, errorCode: 'blocked_address' });
    const delivered = await transport(egress.url, {
      allowPrivateAddresses: false,
      tls: { ca: receiverCert },
      resolver: async () => [{ address: '93.184.215.14', family: 4 }],
    }).send({ url: 'https://receiver.test/hook', body: '{}', headers: json });
    expect(delivered).toMatchObject({ ok: true, httpStatus: 200 });
    expect(egress.requests.map((r) => [r.target, r.host])).toEqual([
      ['93.184.215.14:443', 'receiver.test:443'],
    ]);
  });

  it.each([
    ['a name resolving to the metadata address', 'https://metadata.test/latest'],
    ['the metadata address itself', 'https://169.254.169.254/latest'],
  ])('refuses %s before the proxy hears of it', async (_what, url) => {
    const egress = await proxy();
    const result = await transport(egress.url).send({ url, body: '{}', headers: json });
    expect(result).toMatchObject({ ok: false, errorCode: 'blocked_address', httpStatus: null });
    expect(result.error).toContain('169.254.169.254');
    expect(egress.connections).toBe(0);
    expect(egress.tunnels).toBe(0);
  });

  it('fails as proxy when the proxy is down', async () => {
    const egress = await startConnectProxy();
    await egress.close();
    const result = await transport(egress.url).send({
      url: 'http://plain.test:9/hook',
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'proxy',
      error: 'egress proxy unreachable (ECONNREFUSED)',
    });
  });

  it.each([403, 407, 502])(
    'fails as proxy, with the status, when the proxy answers CONNECT %d',
    async (status) => {
      const egress = await proxy({ behaviour: status });
      const result = await transport(egress.url).send({
        url: 'http://plain.test:8080/hook',
        body: '{}',
        headers: json,
      });
      expect(result).toMatchObject({ ok: false, errorCode: 'proxy', httpStatus: null });
      expect(result.error).toMatch(
        new RegExp(`^egress proxy answered ${status} .+ to CONNECT 127\\.0\\.0\\.1:8080$`),
      );
    },
  );

  it('fails as proxy when the proxy closes the connection before answering, or never answers', async () => {
    const closing = await proxy({ behaviour: 'close' });
    expect(
      await transport(closing.url).send({ url: 'http://plain.test:8080/', body: '{}', headers: json }),
    ).toMatchObject({
      errorCode: 'proxy',
      error: 'egress proxy closed the connection before answering CONNECT 127.0.0.1:8080',
    });
    const silent = await proxy({ behaviour: 'hang' });
    const result = await transport(silent.url, { timeoutMs: 300 }).send({
      url: 'http://plain.test:8080/',
      body: '{}',
      headers: json,
      timeoutMs: 20_000,
    });
    expect(result).toMatchObject({
      errorCode: 'proxy',
      error: 'egress proxy: no tunnel within 300 ms (CONNECT 127.0.0.1:8080)',
    });
    // The attempt's own deadline first (the usual case: both are the request timeout).
    const cutShort = await transport(silent.url, { timeoutMs: 20_000 }).send({
      url: 'http://plain.test:8081/',
      body: '{}',
      headers: json,
      timeoutMs: 300,
    });
    expect(cutShort).toMatchObject({ errorCode: 'proxy', error: 'egress proxy: no tunnel within 300 ms' });
  });

  it('keeps timeout for an endpoint that does not answer behind a working tunnel', async () => {
    // Accepts connections and reads requests, never answers.
    const silent = createNetServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(async () => {
      silent.close();
    });
    const silentPort = (silent.address() as AddressInfo).port;
    const egress = await proxy();
    const result = await transport(egress.url).send({
      url: `http://plain.test:${silentPort}/`,
      body: '{}',
      headers: json,
      timeoutMs: 300,
    });
    expect(result).toMatchObject({ errorCode: 'timeout', error: 'timeout after 300 ms' });
    expect(egress.tunnels).toBe(1);
  });

  it('sends the URL credentials as Proxy-Authorization: Basic and never repeats them', async () => {
    const egress = await proxy({ behaviour: 407 });
    const result = await transport(egress.url.replace('http://', 'http://hooks:s3cr%40t@')).send({
      url: 'http://plain.test:8080/',
      body: '{}',
      headers: json,
    });
    expect(egress.requests[0]!.authorization).toBe(`Basic ${Buffer.from('hooks:s3cr@t').toString('base64')}`);
    expect(result).toMatchObject({ ok: false, errorCode: 'proxy' });
    expect(result.error).toContain('407');
    expect(JSON.stringify(result)).not.toMatch(/s3cr|hooks/);
  });

  it('keeps the endpoint its own failure classes behind a working tunnel', async () => {
    const failing = await httpEndpoint(503);
    const egress = await proxy();
    const client = transport(egress.url);
    expect(
      await client.send({ url: `http://plain.test:${failing.port}/`, body: '{}', headers: json }),
    ).toMatchObject({ ok: false, errorCode: 'http_status', httpStatus: 503 });
    expect(egress.tunnels).toBe(1);
  });
});
