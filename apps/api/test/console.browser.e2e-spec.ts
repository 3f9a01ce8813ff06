import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PortalTokenService } from '@org/console';
import { createReceiver, type Receiver } from '@org/receiver';
import type { BrowserContext, Page } from 'playwright-core';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { artifact, launchFreshProfile } from './support/browser.js';
import { call } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

/** Text as a reader sees it: runs of white space as one space. */
function normalized(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** A page of another origin (a host app's dashboard) on loopback. */
async function serveHostPage(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // localhost, not 127.0.0.1: a different origin from the app's.
  const url = `http://localhost:${(server.address() as AddressInfo).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The part of the page's `window` the tests use (this project's TypeScript has no DOM library). */
interface PageWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** Everything the portal element renders (its shadow root, which `page.content()` leaves out). */
function portalText(page: Page): Promise<string> {
  // A string, since this project's TypeScript has no DOM library; it runs in the page.
  return page.evaluate<string>("document.querySelector('webhooks-portal')?.shadowRoot?.textContent ?? ''");
}

/** `date` as a `datetime-local` input takes it, in the local time zone (the browser's too). */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The names in the subscriptions table. */
function subscriptionNames(page: Page): Promise<string[]> {
  return page.locator('tr[data-subscription] strong').allTextContents();
}

/** Generous bound for what the UI shows after the worker has delivered (only reached on failure). */
const UI_WAIT_MS = 20_000;

/**
 * The console and the portal in a real Chromium against the real app: an operator signs in,
 * subscribes a loopback receiver, publishes, watches the delivery, opens the attempt, redelivers,
 * and hands a customer a portal link that shows one workspace and stops working once expired.
 */
describe('console and portal in a browser', () => {
  let t: TestApp;
  let receiver: Receiver;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let portalUrl: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
    // Data of two other workspaces: the portal of one must never show the other's.
    await call(t, 'POST', '/api/webhooks', {
      key: KEYS.acme,
      json: { name: 'Acme CRM', url: 'https://hooks.acme.example/in', event_types: ['deal.won'] },
    });
    await call(t, 'POST', '/api/webhooks', {
      key: KEYS.globex,
      json: { name: 'Globex ERP', url: 'https://hooks.globex.example/in' },
    });
    browser = await launchFreshProfile();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), receiver?.close()]);
  });

  it('signs in with an API key from the keyboard', async () => {
    await page.goto(`${t.baseUrl}/console`);
    await page.getByLabel('API key').fill('not-a-key');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not valid/);
    await page.getByLabel('API key').fill(KEYS.admin);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Subscriptions' }).waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual(['webhooks-console:api-key']);
  });

  it('creates a subscription and shows its secret once', async () => {
    await page.getByRole('button', { name: 'New subscription' }).click();
    await page.getByLabel('Name', { exact: true }).fill('CRM Sync');
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByRole('button', { name: 'Remove *' }).click();
    for (const type of ['deal.won', 'deal.lost']) {
      await form.getByLabel('Search event types').fill(type);
      await form.getByRole('checkbox', { name: new RegExp(`^${type.replace('.', '\\.')} `) }).check();
    }
    await page.getByLabel('Timeout (ms)').fill('5000');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const secret = await page.getByTestId('secret').textContent();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('row', { name: /CRM Sync/ }).waitFor();
    await page.screenshot({ path: artifact('console-subscriptions.png') });
    const created = await call(t, 'GET', '/api/webhooks', { key: KEYS.admin });
    const crmSync = created.body.data.find(
      (subscription: { name: string }) => subscription.name === 'CRM Sync',
    );
    expect(crmSync).toMatchObject({ timeout_ms: 5000, ordering: 'none' });
    await page.getByRole('button', { name: 'I stored it' }).click();
    expect(await page.getByTestId('secret').count()).toBe(0);
  });

  it('publishes an event and watches its delivery appear in the live log', async () => {
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.getByLabel('Event type').selectOption('deal.won');
    await page.getByLabel('Data (JSON object)').fill('{"id": "deal_42", "amount": 1200}');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
    const [delivery] = await receiver.waitFor(1);
    expect(delivery.json).toMatchObject({ event: 'deal.won', data: { id: 'deal_42' } });

    await page.getByRole('button', { name: 'Deliveries', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'deal.won' }).filter({ hasText: 'success' });
    await row.first().waitFor({ timeout: UI_WAIT_MS });
    await expect(row.first().textContent()).resolves.toContain('200');

    // Published while the log is open: it appears without a reload (live refresh).
    await call(t, 'POST', '/api/events', {
      key: KEYS.admin,
      json: { type: 'deal.lost', data: { id: 'deal_43' } },
    });
    await page
      .getByRole('row')
      .filter({ hasText: 'deal.lost' })
      .filter({ hasText: 'success' })
      .waitFor({ timeout: UI_WAIT_MS });
    await page.screenshot({ path: artifact('console-deliveries.png') });
  });

  it('opens the attempt detail and redelivers with visible progress', async () => {
    await page
      .getByRole('button', { name: /^Details of attempt 1 of deal\.won/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Attempt 1 of deal.won' }).waitFor();
    // The body is the event's envelope, read after the attempt.
    await page.getByLabel('Request body').filter({ hasText: 'deal_42' }).waitFor();
    await page.getByLabel('Request headers').filter({ hasText: 'X-Rex-Signature: t=' }).waitFor();
    await expect(page.getByLabel('Response headers').textContent()).resolves.toMatch(
      /content-type: text\/plain/i,
    );
    await page.screenshot({ path: artifact('console-attempt.png') });
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await page
      .getByTestId('progress')
      .filter({ hasText: /Redelivery:\s+success/ })
      .waitFor({ timeout: UI_WAIT_MS });
    const requests = await receiver.waitFor(before + 1);
    expect(requests[before].eventId).toBe(requests[0].eventId);
    // Nothing failed in the last hour: a recovery schedules none, and says so.
    await page.getByLabel('From').fill(localInputValue(new Date(Date.now() - 3600_000)));
    await page.getByRole('button', { name: 'Recover range' }).click();
    await page
      .getByTestId('progress')
      .filter({ hasText: /Recovery:\s+0 failed deliveries scheduled again/ })
      .waitFor();
    expect(requests[before].json).toMatchObject({ event: 'deal.won', data: { id: 'deal_42' } });
  });

  it('acts inside one workspace when told to (X-Workspace-Id), or across all', async () => {
    await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
    await page.getByLabel('Workspace', { exact: true }).fill('globex');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('row', { name: /Acme CRM/ }).waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Globex ERP/ }).waitFor();
    expect(await subscriptionNames(page)).toEqual(['Globex ERP']);
    await page.getByLabel('Workspace', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('row', { name: /Acme CRM/ }).waitFor();
    expect((await subscriptionNames(page)).sort()).toEqual(['Acme CRM', 'CRM Sync', 'Globex ERP']);
  });

  it('draws endpoint health', async () => {
    await page.getByRole('button', { name: 'Health', exact: true }).click();
    await page
      .getByRole('img', { name: /CRM Sync/ })
      .locator('canvas')
      .waitFor();
    const caption = page.locator('figure').filter({ hasText: 'CRM Sync' }).locator('figcaption');
    expect(normalized(await caption.textContent())).toContain('100.0 % success over 3 attempts');
    await page.screenshot({ path: artifact('console-health.png') });
  });

  it('lists inbound events with their source and status', async () => {
    const received = await sendStripe(t, stripeEvent('customer.created'));
    expect(received.status).toBe(200);
    await page.getByRole('button', { name: 'Inbound', exact: true }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'customer.created' })
      .filter({ hasText: 'stripe' })
      .waitFor();
    await page.screenshot({ path: artifact('console-inbound.png') });
    // Nothing failed, so a range retry schedules none; the answer is shown.
    await page.getByLabel('From').fill(localInputValue(new Date(Date.now() - 3600_000)));
    await page.getByRole('button', { name: 'Retry range' }).click();
    await page.getByRole('status').filter({ hasText: '0 failed events scheduled again' }).waitFor();
  });

  it('creates a portal link for one workspace', async () => {
    await page.getByRole('button', { name: 'Portal links' }).click();
    await page.getByRole('form', { name: 'Create a portal link' }).getByLabel('Workspace').fill('acme');
    await page.getByRole('button', { name: 'Create link' }).click();
    portalUrl = (await page.getByTestId('portal-url').textContent()) ?? '';
    expect(portalUrl).toMatch(new RegExp(`^${t.baseUrl}/portal\\?token=`));
    const token = new URL(portalUrl).searchParams.get('token');
    await expect(page.getByLabel('element snippet').textContent()).resolves.toContain(
      `<webhooks-portal token="${token}" api-base="${t.baseUrl}/api">`,
    );
  });

  it('opens the portal link in a fresh profile, showing that workspace only', async () => {
    const customer = await launchFreshProfile();
    try {
      const portal = await customer.context.newPage();
      await portal.goto(portalUrl);
      await expect(portal.getByTestId('workspace').textContent()).resolves.toContain('acme');
      await portal.getByRole('row', { name: /Acme CRM/ }).waitFor();
      expect(await subscriptionNames(portal)).toEqual(['Acme CRM']);
      const shown = await portalText(portal);
      expect(shown).toContain('Acme CRM');
      expect(shown).not.toMatch(/Globex|CRM Sync/);
      expect(await portal.evaluate(() => [Object.keys(sessionStorage), Object.keys(localStorage)])).toEqual([
        [],
        [],
      ]);
      await portal.screenshot({ path: artifact('portal.png') });
      await portal.setViewportSize({ width: 390, height: 844 });
      await portal.screenshot({ path: artifact('portal-phone.png'), fullPage: true });
    } finally {
      await customer.close();
    }
  });

  it("embeds in another site's page, as <webhooks-portal> themed by CSS variables and as an iframe", async () => {
    const token = new URL(portalUrl).searchParams.get('token') ?? '';
    const host = await serveHostPage(`<!doctype html>
      <html lang="en"><head><title>Host dashboard</title>
      <style>webhooks-portal { --wh-accent: rgb(124, 58, 237); }</style></head>
      <body><h1>Host dashboard</h1>
      <webhooks-portal token="${token}" api-base="${t.baseUrl}/api"></webhooks-portal>
      <iframe src="${portalUrl}" title="Webhooks (framed)" style="width:100%;height:600px"></iframe>
      <script type="module" src="${t.baseUrl}/ui-assets/portal.js"></script>
      </body></html>`);
    const customer = await launchFreshProfile();
    try {
      const embedding = await customer.context.newPage();
      await embedding.goto(host.url);
      const element = embedding.locator('webhooks-portal');
      await element.getByRole('row', { name: /Acme CRM/ }).waitFor();
      const current = element.getByRole('button', { name: 'Endpoints' });
      expect(
        await current.evaluate(
          (button) => (globalThis as unknown as PageWindow).getComputedStyle(button).backgroundColor,
        ),
      ).toBe('rgb(124, 58, 237)');
      await embedding
        .frameLocator('iframe')
        .getByRole('row', { name: /Acme CRM/ })
        .waitFor();
      await embedding.screenshot({ path: artifact('portal-embedded.png'), fullPage: true });
    } finally {
      await customer.close();
      await host.close();
    }
  });

  it('refuses an expired portal link', async () => {
    const expired = t.app.get(PortalTokenService).sign('acme', -1).token;
    const customer = await launchFreshProfile();
    try {
      const portal = await customer.context.newPage();
      await portal.goto(`${t.baseUrl}/portal?token=${encodeURIComponent(expired)}`);
      await portal.getByRole('heading', { name: 'Link not valid' }).waitFor();
      await expect(portal.getByRole('alert').textContent()).resolves.toMatch(/expired/);
      expect(await portalText(portal)).not.toMatch(/Acme CRM/);
    } finally {
      await customer.close();
    }
  });

  it('signs out, clearing the key', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
  });

  it('shows a workspace-bound key its workspace only', async () => {
    await page.getByLabel('API key').fill(KEYS.acme);
    await page.keyboard.press('Enter');
    // Signing in keeps the page the address names (here the portal links of before).
    await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
    await page.getByRole('row', { name: /Acme CRM/ }).waitFor();
    expect(await subscriptionNames(page)).toEqual(['Acme CRM']);
    await page.getByRole('button', { name: 'Deliveries', exact: true }).click();
    await page.getByText('No delivery attempts yet.').waitFor();
    expect(await page.locator('tr[data-attempt]').count()).toBe(0);
  });
});
