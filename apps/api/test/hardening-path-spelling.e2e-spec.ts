import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { MAX_BATCH_BODY_BYTES } from '@org/webhooks';
import { MAX_BODY_BYTES } from '../src/http/http-limits.js';
import { KEYS, startTestApp, TEST_HTTP_ADAPTER, type TestApp } from './app-harness.js';
import { call } from './support/http.js';
import { expectStillServing, rawRequest } from './support/raw-http.js';

const HUGE = '104857600';

/** One route as the router dispatches it: a method and the path Nest registered. */
interface RegisteredRoute {
  method: string;
  path: string;
}

/**
 * Every handler route of the running app, read from the router (what Nest registered), so a route
 * added later is covered without touching this file.
 */
function registeredRoutes(t: TestApp): RegisteredRoute[] {
  const routes = t.app.getHttpAdapter().getType() === 'fastify' ? fastifyRoutes(t) : expressRoutes(t);
  // A sample value for each parameter: the gate only needs the path to match.
  return routes.map(({ method, path }) => ({ method, path: path.replace(/:\w+/g, 'x1') }));
}

/** Express's router stack; middleware mounts (all methods) are left out. */
function expressRoutes(t: TestApp): RegisteredRoute[] {
  const router = t.app.getHttpAdapter().getInstance().router as {
    stack: { route?: { path: string; methods: Record<string, boolean> } }[];
  };
  return router.stack.flatMap(({ route }) => {
    const methods = route ? Object.keys(route.methods) : [];
    if (!route || methods.length !== 1) return [];
    return [{ method: methods[0].toUpperCase(), path: route.path }];
  });
}

/**
 * Fastify's routes, from the tree `printRoutes({ commonPrefix: false })` draws (four columns a
 * level: `├── /api/webhooks (GET, HEAD, POST)`, `│   └── /:id (GET, HEAD)`). The HEAD routes
 * Fastify adds to each GET and wildcard routes (CORS preflight) are left out.
 */
function fastifyRoutes(t: TestApp): RegisteredRoute[] {
  const tree = (t.app.getHttpAdapter().getInstance() as FastifyInstance).printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  return tree.split('\n').flatMap((line) => {
    const node = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/u.exec(line);
    if (!node) return [];
    const depth = node[1].length / 4;
    parents.length = depth;
    const path = `${parents.join('')}${node[2]}`;
    parents.push(node[2]);
    if (path.includes('*') || node[3] === undefined) return [];
    return node[3]
      .split(', ')
      .filter((method) => method !== 'HEAD')
      .map((method) => ({ method, path }));
  });
}

/**
 * The gate's answer to a huge declared body with no key, the body never sent; `client` numbers a
 * loopback address to send from, so the failed keys of many routes stay under the per-address 429.
 */
async function answerBeforeBody(t: TestApp, method: string, path: string, client = 1): Promise<number> {
  const headers = { 'content-type': 'application/json', 'content-length': HUGE };
  const answer = await rawRequest(t, method, path, headers, undefined, { localAddress: `127.0.0.${client}` });
  return answer.status;
}

// Issue 20 row 1: the gate's patterns were case-sensitive while the router is not, so
// `POST /API/EVENTS/BATCH` read 16 MB before its 401.
describe('hardening: every spelling of a path is gated as the router routes it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every registered route in upper case and with a trailing slash as spelled by Nest, before the body', async () => {
    const routes = registeredRoutes(t);
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.length).toBeLessThan(250);
    const seen: string[] = [];
    for (const [index, { method, path }] of routes.entries()) {
      const client = index + 2;
      const exact = await answerBeforeBody(t, method, path, client);
      // 401 where a key is needed, else 413 from the declared length: both before any body byte.
      expect([401, 413]).toContain(exact);
      for (const spelling of [path.toUpperCase(), `${path}/`, `${path.toUpperCase()}/`]) {
        seen.push(`${method} ${spelling} ${await answerBeforeBody(t, method, spelling, client)}`);
      }
      expect(seen.slice(-3)).toEqual(
        [path.toUpperCase(), `${path}/`, `${path.toUpperCase()}/`].map((s) => `${method} ${s} ${exact}`),
      );
    }
    await expectStillServing(t, KEYS.admin);
  });

  it('answers POST /API/EVENTS/BATCH with 16 MB declared and no key 401 at once', async () => {
    const answer = await rawRequest(t, 'POST', '/API/EVENTS/BATCH', {
      'content-type': 'application/json',
      'content-length': String(MAX_BATCH_BODY_BYTES),
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    expect(answer.closed).toBe(true);
    await expectStillServing(t, KEYS.admin);
  });

  it('applies the batch route its own limit under any case: 413 past it, a batch over 1 MB published', async () => {
    const over = await rawRequest(t, 'POST', '/API/EVENTS/BATCH', {
      'content-type': 'application/json',
      'content-length': String(MAX_BATCH_BODY_BYTES + 1),
      'x-api-key': KEYS.admin,
    });
    expect(over.status).toBe(413);
    const events = Array.from({ length: 500 }, (_, i) => ({
      type: 'contact.created',
      data: { id: `con_${i}`, note: 'x'.repeat(2200) },
    }));
    const body = JSON.stringify({ events });
    expect(Buffer.byteLength(body)).toBeGreaterThan(MAX_BODY_BYTES);
    const published = await call(t, 'POST', '/Api/Events/Batch/', { key: KEYS.acme, raw: body });
    expect(published.status).toBe(201);
    expect(published.body.data).toHaveLength(500);
    await expectStillServing(t, KEYS.admin);
  });

  it('answers POST /API/WEBHOOKS with a malformed body and no key 401, not malformed_json', async () => {
    const answer = await rawRequest(
      t,
      'POST',
      '/API/WEBHOOKS',
      { 'content-type': 'application/json' },
      '{bad',
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthorized');
    await expectStillServing(t, KEYS.admin);
  });

  // Paths no route of Express's router takes. Fastify's router (find-my-way) decodes `%65` to `e`,
  // so there `/api/%65vents/batch` is the batch route: gated as that route (413 from its limit).
  const DECODES_PATH = TEST_HTTP_ADAPTER === 'fastify';
  it.each([
    ['//api/events/batch', 404, 'not_found'],
    ['/api//events/batch', 404, 'not_found'],
    ['/api/%65vents/batch', ...(DECODES_PATH ? [413, 'payload_too_large'] : [404, 'not_found'])],
    ['/API/%45VENTS/BATCH', ...(DECODES_PATH ? [413, 'payload_too_large'] : [404, 'not_found'])],
    ['/api/events/batch//', 404, 'not_found'],
  ] as [string, number, string][])(
    'answers POST %s 401 without a key and %d %s with one, as the router routes it, before the body',
    async (path, status, code) => {
      const anonymous = await answerBeforeBody(t, 'POST', path);
      expect(anonymous).toBe(401);
      const keyed = await rawRequest(t, 'POST', path, {
        'content-type': 'application/json',
        'content-length': HUGE,
        'x-api-key': KEYS.admin,
      });
      expect(keyed.status).toBe(status);
      expect(keyed.body.error.code).toBe(code);
      expect(keyed.closed).toBe(true);
      await expectStillServing(t, KEYS.admin);
    },
  );

  it('runs on the platform TEST_HTTP_ADAPTER names', () => {
    expect(t.app.getHttpAdapter().getType()).toBe(TEST_HTTP_ADAPTER);
  });
});
