import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PortalTokenService } from '@org/console';
import { createReceiver, type Receiver } from '@org/receiver';
import type { BrowserContext, Page } from 'playwright-core';
import { until } from '../../../libs/common/test/support/until.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { artifact, launchFreshProfile, signedInConsole } from './support/browser.js';
import { call } from './support/http.js';
import { sendStripe, stripeEvent } from './support/senders.js';

/** Text as a reader sees it: runs of white space as one space. */
function normalized(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * The portal's text as shown (`innerText`: not the suggestions of a closed datalist, which quote the
 * catalogue's descriptions). A string, since this project's TypeScript has no DOM library.
 */
const VISIBLE_PORTAL_TEXT =
  "document.querySelector('webhooks-portal')?.shadowRoot?.querySelector('main')?.innerText ?? ''";

/** Three attempts, the retries 200 ms apart: the engine's own schedule, awaited as conditions. */
const RETRY_SCHEDULE = '0,200ms,200ms';

/** A pair's status as `GET /api/events/:id` answers it. */
interface EventDelivery {
  subscription_id: string;
  status: string;
  attempts: number;
  delivered_attempt: number | null;
}

/**
 * Where an event went, in a real Chromium against the real app: an event that fails twice and is
 * then delivered reads "delivered after 3 attempts" on its page and in the log (its failed attempts
 * say "delivered later", and "still failing" leaves them out); an exhausted one reads failed; test
 * deliveries in the portal are marked, show their body and offer no redelivery; and the console's
 * pickers, charts, empty states and portal-link form behave as an operator expects.
 */
describe('event status in the console and the portal', () => {
  let t: TestApp;
  let receiver: Receiver;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;
  let subscriptionId: string;
  let flakyEventId: string;
  let doomedEventId: string;

  /** The pair's status once it is `status` (the worker runs in the background). */
  async function pairStatus(eventId: string, status: string): Promise<EventDelivery> {
    return until(
      async () => {
        const answer = await call(t, 'GET', `/api/events/${eventId}`, { key: KEYS.acme });
        const delivery = (answer.body?.data?.deliveries as EventDelivery[] | undefined)?.find(
          (entry) => entry.subscription_id === subscriptionId,
        );
        return delivery?.status === status && delivery;
      },
      { what: `event ${eventId} ${status} at the subscription` },
    );
  }

  beforeAll(async () => {
    [t, receiver] = await Promise.all([
      startTestApp(),
      // deal_flaky: two 503s, then 200. deal_doomed: 500 every time.
      createReceiver({
        respond: (request) => {
          const id = (request.json as { data?: { id?: string } } | undefined)?.data?.id;
          if (id === 'deal_doomed') return { status: 500, body: 'broken' };
          if (id !== 'deal_flaky') return undefined;
          const earlier = receiver.requests.filter(
            (other) => other !== request && other.eventId === request.eventId,
          ).length;
          return earlier < 2 ? { status: 503, body: 'try later' } : undefined;
        },
      }),
    ]);
    const created = await call(t, 'POST', '/api/webhooks', {
      key: KEYS.acme,
      json: {
        name: 'Acme CRM',
        url: receiver.url,
        event_types: ['deal.*'],
        retry_schedule: RETRY_SCHEDULE,
      },
    });
    expect(created.status).toBe(201);
    subscriptionId = created.body.data.id;
    const flaky = await call(t, 'POST', '/api/events', {
      key: KEYS.acme,
      json: { type: 'deal.won', data: { id: 'deal_flaky', amount: 1200 } },
    });
    flakyEventId = flaky.body.data.id;
    const doomed = await call(t, 'POST', '/api/events', {
      key: KEYS.acme,
      json: { type: 'deal.lost', data: { id: 'deal_doomed' } },
    });
    doomedEventId = doomed.body.data.id;
    await receiver.waitFor(6);
    // Every attempt logged, none still queued (the last answer is recorded after it is sent).
    await until(
      async () => {
        const log = await call(t, 'GET', `/api/webhooks/${subscriptionId}/deliveries?limit=50`, {
          key: KEYS.acme,
        });
        const rows = (log.body?.data ?? []) as { status: string }[];
        return rows.length === 6 && rows.every((row) => row.status !== 'pending');
      },
      { what: 'six attempts logged, none pending' },
    );
    ({ browser, page } = await signedInConsole(t.baseUrl, KEYS.admin));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), receiver?.close()]);
  });

  it('answers the pair statuses in the API: delivered by the third attempt, failed when exhausted', async () => {
    expect(await pairStatus(flakyEventId, 'delivered')).toMatchObject({ attempts: 3, delivered_attempt: 3 });
    expect(await pairStatus(doomedEventId, 'failed')).toMatchObject({ attempts: 3, delivered_attempt: null });
  });

  it('opens an event from the event log: delivered after 3 attempts, its attempts as a timeline', async () => {
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.getByRole('button', { name: `Deliveries of ${flakyEventId}` }).click();
    await page.getByRole('heading', { name: 'Event deal.won' }).waitFor();
    const card = page.locator(`[data-delivery="${subscriptionId}"]`);
    await expect(card.locator('[data-delivery-status]').textContent().then(normalized)).resolves.toBe(
      'delivered after 3 attempts',
    );
    const steps = card.getByRole('list', { name: /^Attempts to Acme CRM/ }).getByRole('listitem');
    await expect(steps.count()).resolves.toBe(3);
    const texts = (await steps.allTextContents()).map(normalized);
    expect(texts[0]).toMatch(/^Attempt 1 .*failed HTTP 503/);
    expect(texts[1]).toMatch(/^Attempt 2 .*failed HTTP 503/);
    expect(texts[2]).toMatch(/^Attempt 3 .*success HTTP 200/);
    // docs/console-event.png is this screenshot.
    await page.screenshot({ path: artifact('console-event.png'), fullPage: true });
  });

  it('shows an exhausted event as failed, with no next attempt', async () => {
    await page.goto(`${t.baseUrl}/console/#event?event_id=${doomedEventId}`);
    const card = page.locator(`[data-delivery="${subscriptionId}"]`);
    await expect(card.locator('[data-delivery-status]').textContent().then(normalized)).resolves.toBe(
      'failed',
    );
    await expect(card.getByRole('listitem').count()).resolves.toBe(3);
    expect(normalized(await card.textContent())).toContain('Next attempt —');
  });

  it('says in the log when a failed attempt was delivered later, in time order, and filters still failing', async () => {
    await page.getByRole('button', { name: 'Deliveries', exact: true }).click();
    const flakyRows = page.locator('tr[data-attempt]').filter({ hasText: flakyEventId });
    await expect(flakyRows.count()).resolves.toBe(3);
    const failedFlaky = flakyRows.filter({ hasText: 'failed' });
    await expect(failedFlaky.count()).resolves.toBe(2);
    for (const text of await failedFlaky.allTextContents())
      expect(normalized(text)).toContain('delivered later');
    const times = await page
      .locator('tr[data-attempt]')
      .evaluateAll((rows) => rows.map((row) => Date.parse(row.getAttribute('data-created-at') ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // docs/console-deliveries-status.png is this screenshot.
    await page.screenshot({ path: artifact('console-deliveries-status.png'), fullPage: true });

    // The select's name is its label and its chosen option ("Delivery any").
    await page
      .getByRole('form', { name: 'Filter deliveries' })
      .getByLabel(/^Delivery/)
      .selectOption('failed');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .locator('tr[data-attempt]')
      .filter({ hasText: flakyEventId })
      .first()
      .waitFor({ state: 'detached' });
    const still = await page.locator('tr[data-attempt]').allTextContents();
    expect(still).toHaveLength(3);
    for (const text of still) expect(text).toContain(doomedEventId);
  });

  it('reaches the event page from every attempt', async () => {
    await page
      .getByRole('button', { name: /^Details of attempt 3 of deal\.lost/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Attempt 3 of deal.lost' }).waitFor();
    await page.getByRole('button', { name: `Event ${doomedEventId}` }).click();
    await page.getByRole('heading', { name: 'Event deal.lost' }).waitFor();
  });

  it('chooses event types with a picker: search and wildcard patterns', async () => {
    await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
    await page.getByRole('button', { name: 'New subscription' }).click();
    const form = page.getByRole('form', { name: 'New subscription' });
    await form.getByLabel('Name', { exact: true }).fill('Deals');
    await form.getByLabel('Endpoint URL').fill(receiver.url);
    await form.getByRole('button', { name: 'Remove *' }).click();
    await form.getByLabel('Search event types').fill('deal');
    await form.getByRole('checkbox', { name: /^deal\.\*/ }).check();
    await form.getByLabel('Search event types').fill('contact');
    await form.getByRole('checkbox', { name: /^contact\.\*/ }).check();
    await page.screenshot({ path: artifact('console-event-type-picker.png') });
    await form.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByTestId('secret').waitFor();
    const listed = await call(t, 'GET', '/api/webhooks', { key: KEYS.admin });
    const deals = listed.body.data.find((entry: { name: string }) => entry.name === 'Deals');
    expect(deals.event_types).toEqual(['deal.*', 'contact.*']);
    await page.getByRole('button', { name: 'I stored it' }).click();
  });

  it('draws health charts with axes, a legend of names and a time range', async () => {
    await page.getByRole('button', { name: 'Health', exact: true }).click();
    const chart = page.getByRole('img', { name: /of Acme CRM$/ });
    await chart.locator('canvas').waitFor();
    const figure = page.locator('figure').filter({ hasText: 'Acme CRM' });
    const legend = normalized(await figure.locator('.u-legend').textContent());
    expect(legend).toContain('successes');
    expect(legend).toContain('failures');
    expect(legend).not.toContain('--');
    // The axes are drawn on the canvas; the chart's description names them.
    await expect(chart.getAttribute('aria-description')).resolves.toBe(
      'Bars: successes and failures, attempts per 15 min (left axis); dashed line: mean latency in ms (right axis); over time.',
    );
    const box = await chart.locator('canvas').boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(200);
    expect(normalized(await figure.locator('figcaption').textContent())).toContain(
      '16.7 % success over 6 attempts (last 24 hours)',
    );
    await page.getByLabel('Time range').selectOption('1h');
    await page
      .getByRole('img', { name: /per minute of Acme CRM$/ })
      .locator('canvas')
      .waitFor();
    // docs/console-health.png is this screenshot.
    await page.screenshot({ path: artifact('console-health-range.png'), fullPage: true });
  });

  it('says how to add an inbound source, and names the workspace of each row across all', async () => {
    await page.getByRole('button', { name: 'Inbound', exact: true }).click();
    await page.getByText('No inbound events yet: add a source').waitFor();
    await expect(page.getByTestId('no-sources').textContent()).resolves.toContain('/api/inbound-sources');
    await page.screenshot({ path: artifact('console-inbound-empty.png'), fullPage: true });
    expect((await sendStripe(t, stripeEvent('customer.created'))).status).toBe(200);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'customer.created' });
    await row.waitFor();
    await expect(page.getByRole('columnheader', { name: 'Workspace' }).count()).resolves.toBe(1);
    await expect(row.locator('[data-workspace]').textContent().then(normalized)).resolves.toBe('none');
  });

  it('makes a portal link from the form as it opens, for a key bound to no workspace', async () => {
    await page.getByLabel('Workspace', { exact: true }).first().fill('acme');
    await page.getByRole('button', { name: 'Switch' }).click();
    await page.getByRole('button', { name: 'Portal links' }).click();
    const form = page.getByRole('form', { name: 'Create a portal link' });
    await expect(form.getByLabel('Workspace').inputValue()).resolves.toBe('acme');
    await form.getByRole('button', { name: 'Create link' }).click();
    await expect(page.getByTestId('portal-url').textContent()).resolves.toMatch(/\/portal\?token=/);
    expect(await page.getByRole('alert').count()).toBe(0);
    // Another workspace than the console's: named in the body only, so not refused as a mismatch.
    await form.getByLabel('Workspace').fill('globex');
    await form.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('status').filter({ hasText: 'Portal of globex' }).waitFor();
  });

  describe('in the portal', () => {
    let customer: { context: BrowserContext; close(): Promise<void> };
    let portal: Page;

    beforeAll(async () => {
      const token = t.app.get(PortalTokenService).sign('acme', 3600).token;
      customer = await launchFreshProfile();
      portal = await customer.context.newPage();
      await portal.goto(`${t.baseUrl}/portal?token=${encodeURIComponent(token)}`);
      await portal.getByRole('row', { name: /Acme CRM/ }).waitFor();
    });
    afterAll(async () => {
      await customer?.close();
    });

    it('shows per-event status for the endpoint, in its words', async () => {
      await portal.getByRole('button', { name: 'Deliveries', exact: true }).click();
      await portal
        .getByRole('button', { name: `Event ${flakyEventId}` })
        .first()
        .click();
      await portal.getByRole('heading', { name: 'Event deal.won' }).waitFor();
      await expect(
        portal
          .locator(`[data-delivery="${subscriptionId}"] [data-delivery-status]`)
          .textContent()
          .then(normalized),
      ).resolves.toBe('delivered after 3 attempts');
      await portal.screenshot({ path: artifact('portal-event.png'), fullPage: true });
      const shown = await portal.evaluate<string>(VISIBLE_PORTAL_TEXT);
      expect(shown).not.toMatch(/subscription/i);
    });

    it('marks a test delivery as a test, shows the body sent, and offers no redelivery', async () => {
      await portal.getByRole('button', { name: 'Endpoints', exact: true }).click();
      await portal.getByRole('button', { name: 'Send test to Acme CRM' }).click();
      await portal.getByRole('button', { name: 'Send test event' }).click();
      await portal.getByRole('status').filter({ hasText: 'delivered to Acme CRM' }).waitFor();
      await portal.getByRole('button', { name: 'Deliveries', exact: true }).click();
      const testRow = portal
        .locator('tr[data-attempt]')
        .filter({ has: portal.locator('[data-test-delivery]') });
      await testRow.first().waitFor();
      await testRow
        .first()
        .getByRole('button', { name: /^Details of attempt 1/ })
        .click();
      await portal.getByTestId('test-note').waitFor();
      await portal.getByLabel('Request body').filter({ hasText: '"data"' }).waitFor();
      expect(normalized(await portal.getByLabel('Request body').textContent())).not.toBe('…');
      expect(await portal.getByRole('button', { name: 'Redeliver' }).count()).toBe(0);
      expect(await portal.getByRole('button', { name: 'Replay from here' }).count()).toBe(0);
      // docs/portal-test-delivery.png is this screenshot.
      await portal.screenshot({ path: artifact('portal-test-delivery.png'), fullPage: true });
    });

    it('says what to do next while an endpoint has no deliveries', async () => {
      const token = t.app.get(PortalTokenService).sign('initech', 3600).token;
      const empty = await customer.context.newPage();
      await empty.goto(`${t.baseUrl}/portal?token=${encodeURIComponent(token)}`);
      await empty.getByText('No endpoints yet: add one').waitFor();
      await empty.getByRole('button', { name: 'Deliveries', exact: true }).click();
      await empty.getByText('No delivery attempts yet. Add an endpoint').waitFor();
      expect(await empty.evaluate<string>(VISIBLE_PORTAL_TEXT)).not.toMatch(/subscription/i);
      await empty.close();
    });
  });
});
