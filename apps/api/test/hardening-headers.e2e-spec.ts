import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { launchFreshProfile } from './support/browser.js';
import { call } from './support/http.js';
import { expectStillServing, rawRequest } from './support/raw-http.js';

/** A page of another origin (`localhost`, not the app's `127.0.0.1`) that frames `src`. */
async function serveFramingPage(src: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><title>host</title><iframe src="${src}" title="docs"></iframe>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    close: () => {
      // The browser keeps its connection alive; it would hold `close` until the browser quits.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// Issue 20 row 6: API answers and `/ui-assets/*` had no `X-Content-Type-Options: nosniff`; `/docs`
// (Swagger UI) had no Content Security Policy and could be framed by any site.
describe('hardening: nosniff everywhere, Swagger UI framed by nobody', () => {
  let t: TestApp;
  let asset: string;
  beforeAll(async () => {
    t = await startTestApp();
    const console = await call(t, 'GET', '/console/');
    asset = /src="(\/ui-assets\/[^"]+\.js)"/.exec(console.text)![1]!;
  });
  afterAll(async () => {
    await t.close();
  });

  it.each<[string, string, Record<string, string>, string | undefined, number]>([
    ['an API answer', 'GET /api/webhooks', { 'x-api-key': KEYS.admin }, undefined, 200],
    ['a 401 of the gate', 'GET /api/webhooks', {}, undefined, 401],
    [
      'a 413 of the gate, nothing read',
      'POST /api/events',
      { 'x-api-key': KEYS.admin, 'content-type': 'application/json', 'content-length': '99999999' },
      undefined,
      413,
    ],
    [
      'a 400 of the JSON parser',
      'POST /api/events',
      { 'x-api-key': KEYS.admin, 'content-type': 'application/json' },
      '{"type":',
      400,
    ],
    [
      'a 400 of validation',
      'POST /api/webhooks',
      { 'x-api-key': KEYS.admin, 'content-type': 'application/json' },
      '{"url":"<x>"}',
      400,
    ],
    ['a 404 of the API', 'GET /api/nothing-here', { 'x-api-key': KEYS.admin }, undefined, 404],
    ['a 404 outside it', 'GET /nothing-here', {}, undefined, 404],
    ['health', 'GET /api/health', {}, undefined, 200],
    ['metrics', 'GET /metrics', { 'x-api-key': KEYS.admin }, undefined, 200],
    ['the console page', 'GET /console/', {}, undefined, 200],
    ['the OpenAPI document', 'GET /docs-json', {}, undefined, 200],
  ])('sends nosniff on %s (%s)', async (_what, request, headers, body, status) => {
    const [method, path] = request.split(' ') as [string, string];
    const answer = await rawRequest(t, method, path, headers, body ?? (method === 'POST' ? '' : undefined));
    expect(answer.status).toBe(status);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    await expectStillServing(t, KEYS.admin);
  });

  it('sends nosniff on console assets', async () => {
    const answer = await rawRequest(t, 'GET', asset, {});
    expect([answer.status, answer.headers['x-content-type-options']]).toEqual([200, 'nosniff']);
    expect(answer.headers['content-type']).toMatch(/^(text|application)\/javascript/);
  });

  it('serves /docs and every asset it names from this origin, framed by nobody, nosniff', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await rawRequest(t, 'GET', path, {});
      expect(page.status).toBe(200);
      expect(page.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
      // Inline scripts would be refused by `script-src 'self'`: the page has none, only files.
      const html = String(page.body);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(
        (m) => new URL(m[1]!, `${t.baseUrl}${path}`),
      );
      expect(assets.length).toBeGreaterThanOrEqual(5);
      for (const url of assets) {
        expect(url.origin).toBe(t.baseUrl);
        const answer = await rawRequest(t, 'GET', url.pathname, {});
        expect([url.pathname, answer.status, answer.headers['x-content-type-options']]).toEqual([
          url.pathname,
          200,
          'nosniff',
        ]);
      }
    }
    await expectStillServing(t, KEYS.admin);
  });

  describe('in a browser', () => {
    let browser: { context: BrowserContext; close(): Promise<void> };
    let page: Page;
    beforeAll(async () => {
      browser = await launchFreshProfile();
      page = await browser.context.newPage();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('renders Swagger UI under its policy: no violation, nothing from another origin', async () => {
      const violations: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
      });
      page.on('request', (request) => void requests.push(request.url()));
      await page.goto(`${t.baseUrl}/docs`);
      // Operations render only once the bundle ran and read the document from swagger-ui-init.js.
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
      expect(await page.locator('.info .title').textContent()).toContain('Webhooks API');
      expect(violations).toEqual([]);
      expect(requests.filter((url) => !url.startsWith(`${t.baseUrl}/`) && !url.startsWith('data:'))).toEqual(
        [],
      );
    });

    it('"Try it out" reaches the API from the page', async () => {
      const answer = page.waitForResponse((response) => response.url() === `${t.baseUrl}/api/health`);
      await page.locator('#operations-health-HealthController_check .opblock-summary').click();
      await page.getByRole('button', { name: 'Try it out' }).click();
      await page.getByRole('button', { name: 'Execute' }).click();
      expect((await answer).status()).toBe(200);
      await page.locator('#operations-health-HealthController_check .live-responses-table').waitFor();
    });

    it('is not shown in a frame of another site', async () => {
      const host = await serveFramingPage(`${t.baseUrl}/docs`);
      const framed = await browser.context.newPage();
      try {
        const messages: string[] = [];
        framed.on('console', (message) => void messages.push(message.text()));
        await framed.goto(host.url);
        // The frame's navigation is refused: it holds the browser's error page, not Swagger UI.
        const frame = framed.frames().find((f) => f !== framed.mainFrame())!;
        expect(frame.url()).not.toContain('/docs');
        expect(messages.some((text) => text.includes(`"frame-ancestors 'none'"`))).toBe(true);
      } finally {
        await framed.close();
        await host.close();
      }
      await expectStillServing(t, KEYS.admin);
    });
  });
});
