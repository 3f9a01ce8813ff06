import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEFAULT_TRANSPORT_OPTIONS } from '../src/transport/webhook-transport.options.js';
import { WebhookTransport } from '../src/transport/webhook-transport.js';
import { DOCUMENTED_SQUID_CONF, startSquid, type RunningSquid } from './support/squid.js';

const fixtures = join(import.meta.dirname, '..', 'src', 'transport', '__fixtures__');
const cert = readFileSync(join(fixtures, 'receiver.test.crt'));

// A real proxy: Debian's Squid with the configuration docs/endpoints.md shows, between the
// transport and an HTTPS endpoint on loopback.
describe('egress proxy: Squid with the documented configuration', () => {
  let endpoint: Server;
  let port: number;
  let squid: RunningSquid;
  const received: string[] = [];

  beforeAll(async () => {
    endpoint = createServer({ cert, key: readFileSync(join(fixtures, 'receiver.test.key')) }, (req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(`${req.headers.host} ${body}`);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    port = (endpoint.address() as AddressInfo).port;
    squid = await startSquid({ endpointPort: port });
  });
  afterAll(async () => {
    await squid?.stop();
    endpoint.closeAllConnections();
    await new Promise((resolve) => endpoint.close(resolve));
  });

  const transport = () =>
    new WebhookTransport({
      ...DEFAULT_TRANSPORT_OPTIONS,
      allowPrivateAddresses: true,
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      tls: { ca: cert },
      proxy: new URL(squid.url),
    });

  it('is the configuration docs/endpoints.md shows, verbatim', () => {
    const page = readFileSync(join(DOCUMENTED_SQUID_CONF, '..', '..', '..', 'endpoints.md'), 'utf8');
    const section = page.split(/^## /m).find((part) => part.startsWith('An egress proxy'));
    const shown = /```squid\n([^]*?)```/.exec(section ?? '')?.[1];
    expect(shown).toBe(readFileSync(DOCUMENTED_SQUID_CONF, 'utf8'));
  });

  it('delivers over TLS through a Squid tunnel to the checked address', async () => {
    const client = transport();
    try {
      const result = await client.send({
        url: `https://receiver.test:${port}/hook`,
        body: '{"via":"squid"}',
        headers: { 'Content-Type': 'application/json' },
      });
      expect(result).toMatchObject({ ok: true, httpStatus: 204, errorCode: null });
    } finally {
      await client.close();
    }
    expect(received).toEqual([`receiver.test:${port} {"via":"squid"}`]);
    expect(squid.accessLog()).toMatch(new RegExp(`TCP_TUNNEL/200 .*CONNECT 127\\.0\\.0\\.1:${port} `));
  });

  it('fails as proxy when Squid refuses a port the configuration does not allow', async () => {
    const client = transport();
    try {
      const result = await client.send({ url: 'https://receiver.test:9/hook', body: '{}', headers: {} });
      expect(result).toMatchObject({
        ok: false,
        errorCode: 'proxy',
        error: 'egress proxy answered 403 Forbidden to CONNECT 127.0.0.1:9',
      });
    } finally {
      await client.close();
    }
    expect(squid.accessLog()).toMatch(/TCP_DENIED\/403 .*CONNECT 127\.0\.0\.1:9 /);
  });
});
