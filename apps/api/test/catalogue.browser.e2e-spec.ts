import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PortalTokenService } from '@org/console';
import { createReceiver, type Receiver } from '@org/receiver';
import type { EventTypeDefinition } from '@org/webhooks';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { EVENT_TYPES } from '../src/event-types.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { artifact, launchFreshProfile, signedInConsole } from './support/browser.js';
import { call } from './support/http.js';

/** A type whose `data` nests an object and an array of objects, with enums, formats and bounds. */
const ORDER_PLACED: EventTypeDefinition = {
  name: 'order.placed',
  description: 'An order was placed.',
  schema: {
    type: 'object',
    required: ['id', 'status', 'customer', 'items'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', description: 'The order.' },
      status: { type: 'string', enum: ['pending', 'paid'] },
      customer: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string', format: 'email' }, name: { type: 'string' } },
      },
      items: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['sku', 'quantity'],
          properties: {
            sku: { type: 'string', description: 'Stock-keeping unit.' },
            quantity: { type: 'integer', minimum: 1 },
          },
        },
      },
      placed_at: { type: 'string', format: 'date-time' },
    },
  },
  example: {
    id: 'ord_1001',
    status: 'paid',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    items: [{ sku: 'SKU-1', quantity: 2 }],
    placed_at: '2026-03-20T09:00:00Z',
  },
};

/** A type without a schema: any object. */
const NOTE_LOGGED: EventTypeDefinition = {
  name: 'note.logged',
  description: 'A note was logged on a contact.',
  example: { id: 'note_7', contact_id: 'con_01HQ3K', text: 'Called Ada' },
};

/** The rows `order.placed`'s field table must show: path, type, required, description and constraints. */
const ORDER_PLACED_ROWS = [
  ['id', 'string', 'required', 'The order.'],
  ['status', 'string', 'required', 'one of: "pending", "paid"'],
  ['customer', 'object', 'required', ''],
  ['customer.email', 'string', 'required', 'format: email'],
  ['customer.name', 'string', 'optional', ''],
  ['items', 'array of object', 'required', 'at least 1 item'],
  ['items[].sku', 'string', 'required', 'Stock-keeping unit.'],
  ['items[].quantity', 'integer', 'required', '≥ 1'],
  ['placed_at', 'string', 'optional', 'format: date-time'],
];

/** Text as a reader sees it: runs of white space as one space. */
function normalized(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** The field table of one catalogue entry, row by row, cell texts as read. */
async function fieldRows(entry: Locator): Promise<string[][]> {
  const rows = entry.locator('tr[data-field]');
  const out: string[][] = [];
  for (const row of await rows.all()) out.push((await row.locator('td').allInnerTexts()).map(normalized));
  return out;
}

/** Opens the catalogue entry of `name` (a `<details>`) by its summary, as a reader clicks it. */
async function openEntry(page: Page, name: string): Promise<Locator> {
  const entry = page.locator(`details[data-event-type="${name}"]`);
  await entry.locator('summary').click();
  await entry.locator('h3').first().waitFor();
  return entry;
}

/**
 * The event-type catalogue in a real Chromium, in the console and in the portal, on a host whose
 * catalogue has a type with a nested schema and one without: the field table, the example, the
 * publish form and the test event starting from the example.
 */
describe('event-type catalogue in a browser', () => {
  let t: TestApp;
  let receiver: Receiver;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;

  beforeAll(async () => {
    // The host's catalogue with two types in front, shaped for this suite (this file's own module
    // instance: other suites see the host's catalogue unchanged).
    EVENT_TYPES.unshift(ORDER_PLACED, NOTE_LOGGED);
    [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
    // With the key the console signs in with: the events it publishes reach this subscription.
    await call(t, 'POST', '/api/webhooks', {
      key: KEYS.admin,
      json: { name: 'Order desk', url: receiver.url, event_types: ['order.*', 'note.*'] },
    });
    ({ browser, page } = await signedInConsole(t.baseUrl, KEYS.admin));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), receiver?.close()]);
    EVENT_TYPES.splice(0, 2);
  });

  it('answers schema and example per type from the event-types API', async () => {
    const answer = await call(t, 'GET', '/api/webhooks/event-types', { key: KEYS.admin });
    expect(answer.status).toBe(200);
    const [first, second] = answer.body.data;
    expect(first).toEqual(ORDER_PLACED);
    expect(second).toEqual({ ...NOTE_LOGGED, schema: null });
  });

  it('shows a nested schema as a field table, and the example as JSON', async () => {
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.getByRole('heading', { name: 'Event-type catalogue' }).waitFor();
    const entry = await openEntry(page, 'order.placed');
    await expect(entry.locator('summary').innerText().then(normalized)).resolves.toBe(
      'order.placed An order was placed.',
    );
    expect(await fieldRows(entry)).toEqual(ORDER_PLACED_ROWS);
    await expect(entry.getByLabel('Example of order.placed').textContent()).resolves.toBe(
      JSON.stringify(ORDER_PLACED.example, null, 2),
    );
    await page.locator('wh-event-catalogue').screenshot({ path: artifact('console-catalogue.png') });
  });

  it('says "any object" for a type without a schema, and still shows its example', async () => {
    const entry = await openEntry(page, 'note.logged');
    await expect(entry.textContent().then(normalized)).resolves.toContain(
      'Any object: this type has no schema.',
    );
    expect(await entry.locator('tr[data-field]').count()).toBe(0);
    await expect(entry.getByLabel('Example of note.logged').textContent()).resolves.toBe(
      JSON.stringify(NOTE_LOGGED.example, null, 2),
    );
  });

  it('opens one type from the address, and closed entries stay closed', async () => {
    await page.goto(`${t.baseUrl}/console/#events?type=note.logged`);
    await page.locator('details[data-event-type="note.logged"][open]').waitFor();
    expect(await page.locator('details[open]').count()).toBe(1);
  });

  it('starts the publish form from the chosen type’s example, and links to its fields', async () => {
    await page.getByRole('button', { name: 'Events', exact: true }).click();
    await page.getByLabel('Event type').selectOption('order.placed');
    await expect(page.getByLabel('Data (JSON object)').inputValue()).resolves.toBe(
      JSON.stringify(ORDER_PLACED.example, null, 2),
    );
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
    const [delivery] = await receiver.waitFor(1);
    expect(delivery.json).toMatchObject({ event: 'order.placed', data: ORDER_PLACED.example });

    await page.getByRole('button', { name: 'Fields of order.placed' }).click();
    await page.locator('details[data-event-type="order.placed"][open]').waitFor();
  });

  it('shows what a test event sends (the example) and sends it', async () => {
    await page.getByRole('button', { name: 'Subscriptions', exact: true }).click();
    await page.getByRole('button', { name: 'Send test to Order desk' }).click();
    await expect(page.getByRole('form', { name: 'Send a test event' }).textContent()).resolves.toContain(
      'Sends a generic sample',
    );
    await page.getByLabel('Event type').selectOption('order.placed');
    await expect(page.getByLabel('Test data').textContent()).resolves.toBe(
      JSON.stringify(ORDER_PLACED.example, null, 2),
    );
    const before = receiver.requests.length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('status').filter({ hasText: 'Test order.placed delivered to Order desk' }).waitFor();
    const requests = await receiver.waitFor(before + 1);
    expect(requests[before].json).toMatchObject({ event: 'order.placed', data: ORDER_PLACED.example });
  });

  it('shows the catalogue in the portal too', async () => {
    const token = t.app.get(PortalTokenService).sign('acme', 3600).token;
    const customer = await launchFreshProfile();
    try {
      const portal = await customer.context.newPage();
      await portal.goto(`${t.baseUrl}/portal?token=${encodeURIComponent(token)}`);
      await portal.getByRole('button', { name: 'Event types', exact: true }).click();
      await portal.getByRole('heading', { name: 'Event types' }).waitFor();
      const entry = await openEntry(portal, 'order.placed');
      expect(await fieldRows(entry)).toEqual(ORDER_PLACED_ROWS);
      await expect(entry.getByLabel('Example of order.placed').textContent()).resolves.toBe(
        JSON.stringify(ORDER_PLACED.example, null, 2),
      );
      // docs/portal-event-types.png is this screenshot.
      await portal.screenshot({ path: artifact('portal-catalogue.png') });
      const untyped = await openEntry(portal, 'note.logged');
      await expect(untyped.textContent().then(normalized)).resolves.toContain(
        'Any object: this type has no schema.',
      );
      await portal.setViewportSize({ width: 390, height: 844 });
      await entry.screenshot({ path: artifact('portal-catalogue-phone.png') });
    } finally {
      await customer.close();
    }
  });
});
