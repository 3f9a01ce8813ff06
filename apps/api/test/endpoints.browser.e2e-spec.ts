import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PortalTokenService } from '@org/console';
import { createReceiver, type Receiver } from '@org/receiver';
import type { BrowserContext, Page } from 'playwright-core';
import { TestPki } from '../../../libs/webhooks/test/support/test-pki.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { artifact, launchFreshProfile, signedInConsole } from './support/browser.js';
import { call } from './support/http.js';

/** The page's text and form values as the browser holds them (a string: no DOM types here). */
const PAGE_TEXT_AND_VALUES = `(() => {
  const root = document.querySelector('webhooks-console')?.shadowRoot ?? document;
  const values = [...root.querySelectorAll('input, textarea')].map((field) => field.value);
  return (root.querySelector('main')?.innerText ?? '') + '\\n' + values.join('\\n');
})()`;

/** The base64 body of a PEM, without its armour lines: what must never be shown again. */
function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((line) => line && !line.startsWith('-----'))
    .join('');
}

/**
 * How an endpoint is called, in a real Chromium against the real app: a subscription made from the
 * console's form with a payload filter and a custom header, the filter tried against stored events
 * before saving, a client certificate and OAuth2 client pasted in, refusals named, secrets never
 * shown again; the same form part in the portal.
 */
describe('endpoints that demand more, in the console and the portal', () => {
  let t: TestApp;
  let receiver: Receiver;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let subscriptionId: string;

  beforeAll(async () => {
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
    ({ browser, page } = await signedInConsole(t.baseUrl, KEYS.admin));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), receiver?.close()]);
  });

  /** Opens the edit form of the subscription named `name`. */
  async function edit(name: string) {
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    return page.getByRole('form', { name: `Edit ${name}` });
  }

  it('creates a subscription with a filter and a custom header; the row names them, the value never comes back', async () => {
    await page.getByRole('button', { name: 'New subscription' }).click();
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('Name', { exact: true }).fill('Orders');
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByLabel(/^Custom headers/).fill('X-Api-Key: k-secret-4242');
    await form.getByLabel(/^Only events matching this filter/).fill('{"data.amount": {"$gte": 100}}');
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    const row = page.getByRole('row', { name: /Orders/ });
    await row.getByText('filter', { exact: true }).waitFor();
    await row.getByText('headers: X-Api-Key').waitFor();
    await page.getByRole('button', { name: 'I stored it' }).click();

    const listed = await call(t, 'GET', '/api/webhooks', { key: KEYS.admin });
    const created = (listed.body.data as { id: string; name: string }[]).find((s) => s.name === 'Orders')!;
    subscriptionId = created.id;
    expect(created).toMatchObject({
      headers: { 'X-Api-Key': '[redacted]' },
      filter: { 'data.amount': { $gte: 100 } },
    });
    await edit('Orders');
    expect(await page.evaluate<string>(PAGE_TEXT_AND_VALUES)).not.toContain('k-secret-4242');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('tries the filter against stored events before saving, condition by condition', async () => {
    const publish = async (amount: number) =>
      (
        await call(t, 'POST', '/api/events', {
          key: KEYS.admin,
          json: { type: 'deal.won', data: { id: `deal_${amount}`, amount } },
        })
      ).body.data.id as string;
    const [small, large] = [await publish(50), await publish(150)];

    const form = await edit('Orders');
    const tester = form.getByRole('group', { name: 'Test the filter' });
    await tester.getByLabel('Event id to test the filter against').fill(small);
    await tester.getByRole('button', { name: 'Test against this event' }).click();
    const result = form.getByRole('status', { name: 'Filter test result' });
    await result.getByText('does not match: it would not be delivered').waitFor();
    const cells = await result.getByRole('row').nth(1).getByRole('cell').allInnerTexts();
    expect(cells).toEqual(['data.amount', '$gte 100', '50', 'no']);

    await tester.getByLabel('Event id to test the filter against').fill(large);
    await tester.getByRole('button', { name: 'Test against this event' }).click();
    await result.getByText('matches: it would be delivered').waitFor();
    // Not saved yet: a filter typed in the form is tried as written.
    await form.getByLabel(/^Only events matching this filter/).fill('{"data.amount": {"$gte": 1000}}');
    await tester.getByRole('button', { name: 'Test against this event' }).click();
    await result.getByText('does not match: it would not be delivered').waitFor();
    await page.screenshot({ path: artifact('console-filter-test.png'), fullPage: true });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('names a bad filter by its part, and a typing mistake before anything is sent', async () => {
    let form = await edit('Orders');
    await form.getByLabel(/^Only events matching this filter/).fill('{"data.amount": {"$gte": "x"}}');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('filter.data.amount.$gte');

    await form.getByLabel(/^Only events matching this filter/).fill('{not json');
    await form.getByLabel(/^Custom headers/).fill('no colon here');
    await form.getByRole('button', { name: 'Save' }).click();
    const alert = await page.getByRole('alert').first().textContent();
    expect(alert).toContain('Custom headers, line 1');
    expect(alert).toContain('Payload filter: not valid JSON');
    // Nothing was changed by either.
    const stored = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
    expect(stored.body.data.filter).toEqual({ 'data.amount': { $gte: 100 } });
    await page.getByRole('button', { name: 'Cancel' }).click();

    // Emptying the filter removes it.
    form = await edit('Orders');
    await form.getByLabel(/^Only events matching this filter/).fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
    const saved = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
    expect(saved.body.data.filter).toBeNull();
    expect(saved.body.data.headers).toEqual({ 'X-Api-Key': '[redacted]' });
  });

  it('presents a pasted client certificate with its expiry; the key is never shown again', async () => {
    const pki = new TestPki('Orders CA');
    try {
      // Ten days left: inside the warning window, so the row shows it as expiring.
      const client = pki.client('orders-client', { days: 10 });
      let form = await edit('Orders');
      await form.getByLabel('Certificate (PEM)').fill(client.cert);
      await form.getByLabel('Private key (PEM)').fill(client.key);
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
      const badge = page.getByRole('row', { name: /Orders/ }).getByTestId('client-cert');
      // Expiring, not expired, with the date (text as a reader sees it: runs of white space as one).
      expect((await badge.textContent())?.replace(/\s+/g, ' ').trim()).toMatch(/^mTLS · \S/);
      await expect(badge.getAttribute('class')).resolves.toContain('s-pending');

      const stored = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
      expect(stored.body.data.tls).toMatchObject({
        client_cert_subject: expect.stringContaining('orders-client'),
        client_cert_expires_at: expect.any(String),
      });
      expect(JSON.stringify(stored.body)).not.toContain(pemBody(client.key));

      form = await edit('Orders');
      await form.getByText(/Presenting .*orders-client/).waitFor();
      expect(await page.evaluate<string>(PAGE_TEXT_AND_VALUES)).not.toContain(pemBody(client.key));
      // A certificate without its key is named before anything is sent.
      await form.getByLabel('Certificate (PEM)').fill(client.cert);
      await form.getByRole('button', { name: 'Save' }).click();
      await page
        .getByRole('alert')
        .filter({ hasText: 'paste both the certificate and its private key' })
        .waitFor();
      await form.getByLabel('Certificate (PEM)').fill('');
      await form.getByLabel('Remove the client certificate').check();
      await form.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
      expect(
        (await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin })).body.data.tls,
      ).toBeNull();
    } finally {
      pki.dispose();
    }
  });

  it('takes an OAuth2 client whose secret is write-only: empty keeps it, Remove drops it', async () => {
    let form = await edit('Orders');
    await form.getByLabel('Token URL').fill('http://127.0.0.1:9/oauth/token');
    await form.getByLabel('Client id').fill('orders');
    await form.getByLabel('Client secret').fill('oauth-secret-5151');
    await form.getByLabel('Scope').fill('webhooks');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
    await page
      .getByRole('row', { name: /Orders/ })
      .getByText('OAuth2', { exact: true })
      .waitFor();
    let stored = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
    expect(stored.body.data.oauth2).toEqual({
      token_url: 'http://127.0.0.1:9/oauth/token',
      client_id: 'orders',
      scope: 'webhooks',
      audience: null,
    });
    expect(JSON.stringify(stored.body)).not.toContain('oauth-secret-5151');

    // The secret's field comes back empty; changing the scope alone keeps the stored secret.
    form = await edit('Orders');
    await expect(form.getByLabel('Client secret').inputValue()).resolves.toBe('');
    await form.getByLabel('Scope').fill('webhooks.write');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
    stored = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
    expect(stored.body.data.oauth2.scope).toBe('webhooks.write');

    // The bearer token is OAuth2's: a custom Authorization header beside it is refused by name.
    form = await edit('Orders');
    await form.getByLabel(/^Custom headers/).fill('Authorization: Bearer static');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'headers.Authorization' }).waitFor();
    await form.getByLabel(/^Custom headers/).fill('');
    await form.getByLabel('Remove OAuth2').check();
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Orders.' }).waitFor();
    stored = await call(t, 'GET', `/api/webhooks/${subscriptionId}`, { key: KEYS.admin });
    expect(stored.body.data.oauth2).toBeNull();
    expect(stored.body.data.headers).toEqual({ 'X-Api-Key': '[redacted]' });
  });

  describe('in the portal', () => {
    let customer: { context: BrowserContext; close(): Promise<void> };
    let portal: Page;

    beforeAll(async () => {
      await call(t, 'POST', '/api/webhooks', {
        key: KEYS.acme,
        json: { name: 'Acme orders', url: receiver.url, filter: { type: { $startsWith: 'deal.' } } },
      });
      const token = t.app.get(PortalTokenService).sign('acme', 3600).token;
      customer = await launchFreshProfile();
      portal = await customer.context.newPage();
      await portal.goto(`${t.baseUrl}/portal?token=${encodeURIComponent(token)}`);
      await portal.getByRole('row', { name: /Acme orders/ }).waitFor();
    });
    afterAll(async () => {
      await customer?.close();
    });

    it('shows and edits the same part, and tries a filter on its own events', async () => {
      const row = portal.getByRole('row', { name: /Acme orders/ });
      await row.getByText('filter', { exact: true }).waitFor();
      const published = await call(t, 'POST', '/api/events', {
        key: KEYS.acme,
        json: { type: 'deal.won', data: { id: 'deal_p', amount: 5 } },
      });
      await portal.getByRole('button', { name: 'Edit Acme orders' }).click();
      const form = portal.getByRole('form', { name: 'Edit Acme orders' });
      await form.getByRole('group', { name: 'How the endpoint is called' }).waitFor();
      const tester = form.getByRole('group', { name: 'Test the filter' });
      await tester.getByLabel('Event id to test the filter against').fill(published.body.data.id);
      await tester.getByRole('button', { name: 'Test against this event' }).click();
      await form.getByText('matches: it would be delivered').waitFor();
    });
  });
});
