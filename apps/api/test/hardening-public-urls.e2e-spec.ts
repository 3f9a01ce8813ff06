import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { expectStillServing, rawRequest } from './support/raw-http.js';

const SOURCE = JSON.stringify({
  name: 'Acme Stripe',
  type: 'stripe',
  secret: 'whsec_acme_stripe_0123456789',
});

/** The links an answer hands out under the given `Host`: a new source's, the source list's, a portal link. */
async function linksUnder(t: TestApp, host: string): Promise<string[]> {
  const headers = { host, 'x-api-key': KEYS.acme, 'content-type': 'application/json' };
  const created = await rawRequest(t, 'POST', '/api/inbound-sources', headers, SOURCE);
  expect(created.status).toBe(201);
  const listed = await rawRequest(t, 'GET', '/api/inbound-sources', headers);
  const portal = await rawRequest(t, 'POST', '/api/portal/sessions', headers, '{}');
  expect([listed.status, portal.status]).toEqual([200, 201]);
  return [
    created.body.data.url,
    ...listed.body.data.map((source: { url: string }) => source.url),
    portal.body.data.url,
  ];
}

// Issue 20 row 5: with no PUBLIC_URL, `Host: evil.example"><x` was copied into the `url` of inbound
// sources and into portal links.
describe('hardening: links in answers are built from PUBLIC_URL or a strict Host', () => {
  describe('without PUBLIC_URL', () => {
    let t: TestApp;
    let listening: string;
    beforeAll(async () => {
      t = await startTestApp();
      listening = t.baseUrl; // http://127.0.0.1:<port>: the address the server listens on
    });
    afterAll(async () => {
      await t.close();
    });

    it.each([
      'evil.example"><x',
      'evil.example/<script>',
      'a b',
      'user@evil.example',
      'evil.example:99999',
      '[fe80::1%25eth0]',
    ])('answers under Host %j with links to the listening address', async (host) => {
      const links = await linksUnder(t, host);
      for (const link of links) {
        expect(link.startsWith(`${listening}/`)).toBe(true);
        expect(link).not.toMatch(/evil|[<>"@ ]|%25/);
      }
      expect(links[0]).toMatch(new RegExp(`^${listening}/api/webhooks/src_\\w+$`));
      expect(links.at(-1)).toMatch(new RegExp(`^${listening}/portal\\?token=`));
      await expectStillServing(t, KEYS.acme);
    });

    it.each([
      ['hooks.example.com', 'http://hooks.example.com'],
      ['Hooks.Example.com:8443', 'http://Hooks.Example.com:8443'],
      ['10.0.0.7:3000', 'http://10.0.0.7:3000'],
      ['[::1]:3000', 'http://[::1]:3000'],
    ])('answers under the well-formed Host %j with links to it', async (host, origin) => {
      const links = await linksUnder(t, host);
      for (const link of links) expect(link.startsWith(`${origin}/`)).toBe(true);
    });
  });

  describe('with PUBLIC_URL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ PUBLIC_URL: 'https://hooks.example.com/' });
    });
    afterAll(async () => {
      await t.close();
    });

    it.each(['evil.example"><x', 'api.example.org'])(
      'answers under Host %j with links to PUBLIC_URL',
      async (host) => {
        const links = await linksUnder(t, host);
        expect(links[0]).toMatch(/^https:\/\/hooks\.example\.com\/api\/webhooks\/src_\w+$/);
        for (const link of links) expect(link.startsWith('https://hooks.example.com/')).toBe(true);
        expect(links.at(-1)).toMatch(/^https:\/\/hooks\.example\.com\/portal\?token=/);
        await expectStillServing(t, KEYS.acme);
      },
    );
  });
});
