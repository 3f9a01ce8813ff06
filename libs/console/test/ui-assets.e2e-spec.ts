import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { allowEveryoneInDevelopment } from '@org/common';
import { request } from 'undici';
import { uiAssetsBuilt } from '../src/assets/ui-assets.js';
import { ConsoleModule } from '../src/console.module.js';
import { createPlatformApp, HTTP_ADAPTERS, type HttpAdapterName } from './support/http-platforms.js';

const UI_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'";

/** The console on `platform`, listening on loopback; with `hostStatic`, the host serves a folder of its own. */
async function startConsole(
  platform: HttpAdapterName,
  { hostStatic, ignoreTrailingSlash }: { hostStatic?: string; ignoreTrailingSlash?: boolean } = {},
): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConsoleModule.forRoot({ portalSigningKey: Buffer.alloc(32, 7), authorize: allowEveryoneInDevelopment }),
    ],
  }).compile();
  const app = createPlatformApp(moduleRef, platform, { ignoreTrailingSlash });
  app.setGlobalPrefix('api');
  if (hostStatic && platform === 'fastify')
    (app as NestFastifyApplication).useStaticAssets({ root: hostStatic, prefix: '/static/' });
  else if (hostStatic) (app as NestExpressApplication).useStaticAssets(hostStatic, { prefix: '/static/' });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return { app, base: `http://127.0.0.1:${port}` };
}

/** One answer, read whole. */
interface Answer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * `method` of `url` with exactly the headers given: undici's `request`, since `fetch` adds
 * `Cache-Control: no-cache` to a conditional request, which no server answers with a 304.
 */
async function call(
  url: string,
  headers: Record<string, string> = {},
  method: 'GET' | 'HEAD' = 'GET',
): Promise<Answer> {
  const response = await request(url, { method, headers });
  const body = await response.body.text();
  return { status: response.statusCode, headers: response.headers as Answer['headers'], body };
}

/** One header of an answer, `null` when absent. */
function header(answer: Answer, name: string): string | null {
  return answer.headers[name] ?? null;
}

/** The headers of one answer that the UI sets or that say how it is cached. */
function headersOf(answer: Answer): Record<string, string | null> {
  return Object.fromEntries(
    [
      'content-type',
      'content-security-policy',
      'x-content-type-options',
      'referrer-policy',
      'cache-control',
      'accept-ranges',
    ].map((name) => [name, header(answer, name)]),
  );
}

const consolePage = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `${UI_POLICY}; frame-ancestors 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'public, max-age=0',
  'accept-ranges': 'bytes',
};
const portalPage = { ...consolePage, 'content-security-policy': `${UI_POLICY}; frame-ancestors *` };

describe.each(HTTP_ADAPTERS)('the console UI on %s', (platform) => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    // The UI is built before the tests (nx run @org/console:build); without it nothing is served.
    expect(uiAssetsBuilt()).toBe(true);
    ({ app, base } = await startConsole(platform));
  });
  afterAll(() => app?.close());

  it.each([
    ['/console', '/console/'],
    ['/portal?token=abc.def', '/portal/?token=abc.def'],
  ])('redirects %s to the page’s folder, %s, as express.static does', async (path, location) => {
    const response = await call(`${base}${path}`);
    expect(response.status).toBe(301);
    expect(header(response, 'location')).toBe(location);
  });

  it.each(['/console/', '/console/index.html'])(
    'serves the console page at %s, not frameable, revalidated by its ETag',
    async (path) => {
      const response = await call(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(headersOf(response)).toEqual(consolePage);
      expect(response.body).toContain('/ui-assets/console.js');
      const etag = header(response, 'etag');
      expect(etag).toMatch(/^W\/".+"$/);
      expect(header(response, 'last-modified')).not.toBeNull();

      const again = await call(`${base}${path}`, { 'If-None-Match': etag! });
      expect(again.status).toBe(304);
      expect(header(again, 'etag')).toBe(etag);
      expect(header(again, 'content-security-policy')).toBe(consolePage['content-security-policy']);
      expect(again.body).toBe('');
    },
  );

  it.each(['/portal/', '/portal/?token=abc.def', '/portal/index.html'])(
    'serves the portal page at %s, frameable by any host page',
    async (path) => {
      const response = await call(`${base}${path}`);
      expect(response.status).toBe(200);
      expect(headersOf(response)).toEqual(portalPage);
      expect(response.body).toContain('/ui-assets/portal.js');
    },
  );

  it('answers HEAD on the pages with the headers and no body', async () => {
    const response = await call(`${base}/console/`, {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(headersOf(response)).toEqual(consolePage);
    expect(Number(header(response, 'content-length'))).toBeGreaterThan(0);
    expect(response.body).toBe('');
  });

  it.each(['portal.js', 'console.js'])(
    'serves /ui-assets/%s as JavaScript only (nosniff), revalidated by its ETag',
    async (file) => {
      const response = await call(`${base}/ui-assets/${file}`);
      expect(response.status).toBe(200);
      expect(headersOf(response)).toEqual({
        'content-type': 'text/javascript; charset=utf-8',
        'content-security-policy': null,
        'x-content-type-options': 'nosniff',
        'referrer-policy': null,
        'cache-control': 'public, max-age=0',
        'accept-ranges': 'bytes',
      });
      const body = response.body;
      expect(body.length).toBeGreaterThan(0);
      expect(Number(header(response, 'content-length'))).toBe(Buffer.byteLength(body));

      const etag = header(response, 'etag')!;
      const again = await call(`${base}/ui-assets/${file}`, { 'If-None-Match': etag });
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      // A stale ETag gets the file again.
      const stale = await call(`${base}/ui-assets/${file}`, { 'If-None-Match': 'W/"stale"' });
      expect(stale.status).toBe(200);
      expect(stale.body).toBe(body);
    },
  );

  it.each(['/ui-assets/missing.js', '/console/missing.js', '/portal/missing.css', '/console/missing/'])(
    'answers 404 for %s, a file that is not there',
    async (path) => {
      const response = await call(`${base}${path}`);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('<!doctype html>');
    },
  );

  it('leaves the API prefix to the host: the portal sessions API answers, not the file server', async () => {
    const response = await call(`${base}/api/portal/session`);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ message: 'This request is not a portal session.' });
    expect(header(response, 'content-security-policy')).toBeNull();
  });
});

describe.each(HTTP_ADAPTERS)('the console UI on %s beside static files of the host', (platform) => {
  let app: INestApplication;
  let base: string;
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'host-static-'));
    await writeFile(join(folder, 'hello.txt'), 'hello from the host');
    ({ app, base } = await startConsole(platform, { hostStatic: folder }));
  });
  afterAll(async () => {
    await app?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('serves both the host’s files and the console, each with its own headers', async () => {
    const hostFile = await call(`${base}/static/hello.txt`);
    expect(hostFile.status).toBe(200);
    expect(hostFile.body).toBe('hello from the host');
    expect(header(hostFile, 'content-security-policy')).toBeNull();

    for (const path of ['/console/', '/portal/']) {
      const page = await call(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(headersOf(page)).toEqual(path === '/console/' ? consolePage : portalPage);
      const etag = header(page, 'etag')!;
      expect((await call(`${base}${path}`, { 'If-None-Match': etag })).status).toBe(304);
    }
  });
});

describe('the console UI on fastify with ignoreTrailingSlash', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await startConsole('fastify', { ignoreTrailingSlash: true }));
  });
  afterAll(() => app?.close());

  // Such a router routes `/console/` to `/console`: a redirect to the slash would loop.
  it.each([
    ['/console', consolePage],
    ['/console/', consolePage],
    ['/portal?token=abc.def', portalPage],
  ])('serves the page at %s without redirecting', async (path, headers) => {
    const response = await call(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(headersOf(response)).toEqual(headers);
    const etag = header(response, 'etag')!;
    expect((await call(`${base}${path}`, { 'If-None-Match': etag })).status).toBe(304);
  });
});
