import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { HTTP_ADAPTERS } from '../src/config/app-config.js';
import { platformLabel } from '../src/create-app.js';
import { KEEP_ALIVE_TIMEOUT_MS } from '../src/http/http-limits.js';
import { Agent, get, type Server } from 'node:http';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { call } from './support/http.js';

// Both platforms in one suite, whatever TEST_HTTP_ADAPTER says: HTTP_ADAPTER picks the platform
// createApp builds on, and the start-up log (main.ts) names it through platformLabel.
describe.each(HTTP_ADAPTERS)('HTTP_ADAPTER=%s', (adapter) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_ADAPTER: adapter });
  });
  afterAll(async () => {
    await t.close();
  });

  it('builds the app on that platform and names it', () => {
    expect(t.app.getHttpAdapter().getType()).toBe(adapter);
    expect(platformLabel(t.app)).toBe(adapter === 'fastify' ? 'Fastify' : 'Express');
  });

  it('answers the API with the same headers: nosniff, CORS, no X-Powered-By', async () => {
    const list = await call(t, 'GET', '/api/webhooks', {
      key: KEYS.admin,
      headers: { origin: 'https://a.example' },
    });
    expect(list.status).toBe(200);
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    expect(list.headers.get('access-control-allow-origin')).toBe('*');
    expect(list.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps connections alive alike: one connection for requests in a row, idle for the same time', async () => {
    const server = t.app.getHttpServer() as Server;
    expect(server.keepAliveTimeout).toBe(KEEP_ALIVE_TIMEOUT_MS);
    let connections = 0;
    const counted = () => (connections += 1);
    server.on('connection', counted);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const status = () =>
      new Promise<number | undefined>((resolve, reject) => {
        get(`${t.baseUrl}/api/webhooks`, { agent, headers: { 'x-api-key': KEYS.admin } }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode));
        }).on('error', reject);
      });
    try {
      for (let i = 0; i < 3; i++) expect(await status()).toBe(200);
      expect(connections).toBe(1);
    } finally {
      server.off('connection', counted);
      agent.destroy();
    }
  });

  // Fastify's own JSON parser refuses an empty body and takes any JSON value; Express's takes an
  // empty body as {} and only objects and arrays (strict).
  it('reads JSON bodies as Express does: an empty one is {}, one not an object or array is malformed', async () => {
    const empty = await call(t, 'POST', '/api/webhooks', { key: KEYS.admin, raw: '' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(empty.body.error.details.map((d: { field: string }) => d.field)).toContain('url');
    for (const raw of ['"text"', ' 1', 'null', '   ']) {
      const refused = await call(t, 'POST', '/api/webhooks', { key: KEYS.admin, raw });
      expect({ raw, status: refused.status, body: refused.body }).toEqual({
        raw,
        status: 400,
        body: { error: { code: 'malformed_json', message: expect.any(String) } },
      });
    }
  });
});
