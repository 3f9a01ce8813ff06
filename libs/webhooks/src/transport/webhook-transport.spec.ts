import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { HostResolver } from './guarded-lookup.js';
import { DEFAULT_TRANSPORT_OPTIONS, type WebhookTransportOptions } from './webhook-transport.options.js';
import { WebhookTransport } from './webhook-transport.js';
import { until } from '../../../common/test/support/until.js';

interface TestServer {
  port: number;
  url: string;
  requests: {
    headers: IncomingMessage['headers'];
    body: string;
    remoteAddress: string | undefined;
    servername?: string;
  }[];
  connections: number;
  closedSockets: number;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(
  server: Server,
  state: Omit<TestServer, 'port' | 'url'>,
  scheme = 'http',
): Promise<TestServer> {
  server.on('connection', (socket) => {
    state.connections++;
    socket.on('close', () => state.closedSockets++);
  });
  server.on(scheme === 'https' ? 'secureConnection' : 'connection', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { port, url: `${scheme}://127.0.0.1:${port}/hook` });
}

/** A loopback HTTP server that records requests and answers with `respond`. */
function startServer(
  respond: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok'),
) {
  const state = { requests: [], connections: 0, closedSockets: 0 } as Omit<TestServer, 'port' | 'url'>;
  const server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      state.requests.push({ headers: req.headers, body, remoteAddress: req.socket.remoteAddress });
      respond(req, res);
    });
  });
  return listen(server, state);
}

function transport(options: Partial<WebhookTransportOptions> = {}) {
  const instance = new WebhookTransport({
    ...DEFAULT_TRANSPORT_OPTIONS,
    allowPrivateAddresses: true,
    ...options,
  });
  cleanups.push(() => instance.close());
  return instance;
}

const json = { 'Content-Type': 'application/json' };

/** A resolver that answers from a table and counts its calls. */
function tableResolver(table: Record<string, string[]>) {
  const calls: string[] = [];
  const resolver: HostResolver = async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolver, calls };
}

describe('WebhookTransport: answers', () => {
  it('records a 2xx with status, duration, body, and sends the body and headers as given', async () => {
    const server = await startServer((_req, res) => res.writeHead(201).end('{"received":true}'));
    const result = await transport({ userAgent: 'test-agent/1' }).send({
      url: server.url,
      body: '{"a":1}',
      headers: json,
    });
    expect(result).toMatchObject({
      ok: true,
      httpStatus: 201,
      responseBody: '{"received":true}',
      error: null,
      errorCode: null,
    });
    expect(result.responseBodyTruncated).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests[0]).toMatchObject({ body: '{"a":1}' });
    expect(server.requests[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'test-agent/1',
    });
  });

  it('records a 500 as a failure with the answer', async () => {
    const server = await startServer((_req, res) => res.writeHead(500).end('boom'));
    const result = await transport().send({ url: server.url, body: '{}', headers: json });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 500,
      error: 'HTTP 500',
      errorCode: 'http_status',
      responseBody: 'boom',
    });
  });

  it('does not follow a redirect', async () => {
    const server = await startServer((_req, res) =>
      res.writeHead(302, { Location: 'https://example.com/elsewhere' }).end(),
    );
    const result = await transport().send({ url: server.url, body: '{}', headers: json });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 302,
      errorCode: 'redirect',
      error: 'redirect not followed (302 → https://example.com/elsewhere)',
    });
    expect(server.requests).toHaveLength(1);
  });

  it('reads an endless answer only up to the limit and hangs up', async () => {
    let written = 0;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'é'); // 2-byte characters, so the cut can fall mid-character
      const pump = () => {
        while (written < 64 * 1024 * 1024 && res.write(chunk)) written += chunk.length;
        if (written < 64 * 1024 * 1024) res.once('drain', pump);
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const result = await transport({ maxResponseBodyBytes: 4097 }).send({
      url: server.url,
      body: '{}',
      headers: json,
    });
    expect(result.ok).toBe(true);
    expect(result.responseBodyTruncated).toBe(true);
    expect(result.responseBody).toBe('é'.repeat(2048)); // 4096 bytes: the half character is dropped
    await until(() => server.closedSockets === 1, { what: 'the server to see the socket closed' });
    expect(written).toBeLessThan(16 * 1024 * 1024); // the server stopped early: we did not drain it
  });

  it('keeps a body exactly at the limit whole', async () => {
    const server = await startServer((_req, res) => res.end('x'.repeat(4096)));
    const result = await transport().send({ url: server.url, body: '{}', headers: json });
    expect(result).toMatchObject({ ok: true, responseBodyTruncated: false });
    expect(result.responseBody).toHaveLength(4096);
  });

  it('reuses keep-alive connections for sequential sends', async () => {
    const server = await startServer();
    const client = transport();
    for (let i = 0; i < 10; i++)
      expect((await client.send({ url: server.url, body: `{"n":${i}}`, headers: json })).ok).toBe(true);
    expect(server.requests).toHaveLength(10);
    // undici frees a connection for the pool a tick after its answer completes, so an immediate
    // second send may open a second connection; from then on both are reused.
    expect(server.connections).toBeLessThanOrEqual(2);
    expect(server.closedSockets).toBe(0);
  });

  it('opens at most connectionsPerOrigin connections under concurrency', async () => {
    // not-a-wait: the server answers late so that the requests overlap and need connections of their own.
    const server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 20));
    const client = transport({ connectionsPerOrigin: 3 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () => client.send({ url: server.url, body: '{}', headers: json })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.connections).toBe(3);
  });
});

describe('WebhookTransport: failures without an answer', () => {
  it('times out a server that never answers', async () => {
    const server = await startServer(() => undefined);
    const result = await transport({ timeoutMs: 10_000 }).send({
      url: server.url,
      body: '{}',
      headers: json,
      timeoutMs: 200,
    });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: null,
      errorCode: 'timeout',
      error: 'timeout after 200 ms',
      responseBody: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('decides by the status when the body is still arriving at the deadline, and cuts it there', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('partial answer');
    });
    const result = await transport().send({ url: server.url, body: '{}', headers: json, timeoutMs: 200 });
    expect(result).toMatchObject({
      ok: true,
      httpStatus: 200,
      responseBody: 'partial answer',
      responseBodyTruncated: true,
      error: null,
    });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('reports a refused connection', async () => {
    const server = await startServer();
    const closedPort = server.port;
    await cleanups.pop()!(); // close it now: nothing listens on the port any more
    const result = await transport().send({
      url: `http://127.0.0.1:${closedPort}/`,
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: null,
      errorCode: 'connection_refused',
      error: 'connection refused',
    });
  });

  it('reports a DNS failure', async () => {
    const { resolver } = tableResolver({});
    const result = await transport({ resolver }).send({
      url: 'https://nowhere.test/hook',
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'dns',
      error: 'DNS lookup failed for nowhere.test (ENOTFOUND)',
    });
  });

  it('refuses what is not an http(s) URL, plain http when private addresses are not allowed, and credentials', async () => {
    const strict = transport({ allowPrivateAddresses: false });
    expect(await strict.send({ url: 'not a url', body: '', headers: {} })).toMatchObject({
      errorCode: 'invalid_url',
    });
    expect(await strict.send({ url: 'http://example.com/', body: '', headers: {} })).toMatchObject({
      errorCode: 'invalid_url',
      error: 'invalid URL: plain http is not allowed, use https',
    });
    expect(await strict.send({ url: 'https://u:p@example.com/', body: '', headers: {} })).toMatchObject({
      errorCode: 'invalid_url',
    });
  });

  it('reports an abort by the caller', async () => {
    const controller = new AbortController();
    // Aborted once the server holds the request (it never answers): mid-request, whatever the timing.
    const server = await startServer(() => controller.abort());
    const result = await transport().send({
      url: server.url,
      body: '{}',
      headers: json,
      signal: controller.signal,
    });
    expect(result).toMatchObject({ ok: false, errorCode: 'aborted' });
  });
});

describe('WebhookTransport: SSRF protection', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1 (loopback)'],
    ['[::1]', '::1 (loopback)'],
    ['[::ffff:127.0.0.1]', '::ffff:7f00:1 (loopback)'],
    ['2130706433', '127.0.0.1 (loopback)'],
    ['0x7f.1', '127.0.0.1 (loopback)'],
    ['0177.0.0.1', '127.0.0.1 (loopback)'],
    ['0.0.0.0', '0.0.0.0 (unspecified)'],
  ])('refuses https://%s without connecting', async (host, what) => {
    const server = await startServer();
    const result = await transport({ allowPrivateAddresses: false }).send({
      url: `https://${host}:${server.port}/`,
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'blocked_address',
      error: `blocked address ${what}`,
      httpStatus: null,
    });
    expect(server.connections).toBe(0);
  });

  it('refuses a name that resolves to loopback (localhost through the system resolver)', async () => {
    const server = await startServer();
    const result = await transport({ allowPrivateAddresses: false }).send({
      url: `https://localhost:${server.port}/`,
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({ ok: false, errorCode: 'blocked_address' });
    expect(result.error).toMatch(/^blocked address (127\.0\.0\.1|::1) \(loopback\) for localhost$/);
    expect(server.connections).toBe(0);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const { resolver } = tableResolver({ 'mixed.test': ['8.8.8.8', '10.0.0.7'] });
    const result = await transport({ allowPrivateAddresses: false, resolver }).send({
      url: 'https://mixed.test/',
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({
      errorCode: 'blocked_address',
      error: 'blocked address 10.0.0.7 (private) for mixed.test',
    });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'blocked address 169.254.169.254 (metadata)'],
    ['http://[fd00:ec2::254]/', 'blocked address fd00:ec2::254 (metadata)'],
    ['http://[::ffff:169.254.169.254]/', 'blocked address ::ffff:a9fe:a9fe (metadata)'],
    ['http://169.254.1.1/', 'blocked address 169.254.1.1 (link-local)'],
    ['http://[fe80::1]/', 'blocked address fe80::1 (link-local)'],
    ['http://metadata.test/', 'blocked address 169.254.169.254 (metadata) for metadata.test'],
  ])('refuses %s even when private addresses are allowed', async (url, error) => {
    const { resolver } = tableResolver({ 'metadata.test': ['169.254.169.254'] });
    const result = await transport({ allowPrivateAddresses: true, resolver }).send({
      url,
      body: '{}',
      headers: json,
    });
    expect(result).toMatchObject({ ok: false, errorCode: 'blocked_address', error });
  });

  it('connects to the address it checked, keeping the host name on the request', async () => {
    const server = await startServer();
    const { resolver, calls } = tableResolver({ 'receiver.test': ['127.0.0.1'] });
    const client = transport({ allowPrivateAddresses: true, resolver });
    // receiver.test exists nowhere but in our resolver: reaching the server proves the socket used its answer.
    for (let i = 0; i < 3; i++) {
      const result = await client.send({
        url: `http://receiver.test:${server.port}/hook`,
        body: '{}',
        headers: json,
      });
      expect(result).toMatchObject({ ok: true, httpStatus: 200 });
    }
    expect(server.requests.map((r) => r.headers.host)).toEqual(Array(3).fill(`receiver.test:${server.port}`));
    // One checked lookup per connection: the resolver was asked exactly as often as sockets were opened.
    expect(calls).toHaveLength(server.connections);
  });

  it('defeats DNS rebinding: public when checked in advance, loopback at connect time', async () => {
    const server = await startServer();
    let answer = '93.184.215.14';
    const calls: string[] = [];
    const resolver: HostResolver = async () => {
      calls.push(answer);
      const address = answer;
      answer = '127.0.0.1'; // the attacker's DNS flips after the first answer
      return [{ address, family: 4 }];
    };
    const client = transport({ allowPrivateAddresses: false, resolver });
    const url = `https://rebind.test:${server.port}/hook`;
    expect(await client.checkDestination(url)).toEqual({ ok: true });
    const result = await client.send({ url, body: '{}', headers: json });
    expect(result).toMatchObject({
      ok: false,
      errorCode: 'blocked_address',
      error: 'blocked address 127.0.0.1 (loopback) for rebind.test',
    });
    expect(calls).toEqual(['93.184.215.14', '127.0.0.1']);
    expect(server.connections).toBe(0);
    expect(await client.checkDestination(url)).toEqual({
      ok: false,
      reason: 'blocked address 127.0.0.1 (loopback) for rebind.test',
    });
  });

  it('speaks TLS to the checked address with the original name for SNI and certificate checks', async () => {
    const fixtures = join(import.meta.dirname, '__fixtures__');
    const cert = readFileSync(join(fixtures, 'receiver.test.crt'));
    const state = { requests: [], connections: 0, closedSockets: 0 } as Omit<TestServer, 'port' | 'url'>;
    const server = createHttpsServer(
      { cert, key: readFileSync(join(fixtures, 'receiver.test.key')) },
      (req, res) => {
        state.requests.push({
          headers: req.headers,
          body: '',
          remoteAddress: req.socket.remoteAddress,
          servername: (req.socket as TLSSocket).servername || undefined,
        });
        res.end('secure');
      },
    );
    const { port } = await listen(server, state, 'https');
    const { resolver } = tableResolver({ 'receiver.test': ['127.0.0.1'], 'impostor.test': ['127.0.0.1'] });
    const client = transport({ allowPrivateAddresses: true, resolver, tls: { ca: cert } });
    const result = await client.send({ url: `https://receiver.test:${port}/`, body: '{}', headers: json });
    expect(result).toMatchObject({ ok: true, responseBody: 'secure' });
    expect(state.requests[0]).toMatchObject({ servername: 'receiver.test' });
    const wrongName = await client.send({ url: `https://impostor.test:${port}/`, body: '{}', headers: json });
    expect(wrongName).toMatchObject({ ok: false, errorCode: 'tls' });
  });
});

describe('WebhookTransport: options', () => {
  it('refuses nonsense options by name', () => {
    expect(() => new WebhookTransport({ ...DEFAULT_TRANSPORT_OPTIONS, timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() => new WebhookTransport({ ...DEFAULT_TRANSPORT_OPTIONS, connectionsPerOrigin: 1.5 })).toThrow(
      /connectionsPerOrigin/,
    );
  });
});
