import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';

interface CatalogueEntry {
  name: string;
  schema: Record<string, unknown> | null;
  example: Record<string, unknown> | null;
}

describe("the host app's event catalogue: every type has a schema, and publishing keeps to it", () => {
  let t: TestApp;
  let admin: ReturnType<typeof client>;
  let catalogue: CatalogueEntry[];

  beforeAll(async () => {
    t = await startTestApp();
    admin = client(t, KEYS.admin);
    const listed = await admin.get('/api/webhooks/event-types');
    expect(listed.status).toBe(200);
    catalogue = listed.body.data as CatalogueEntry[];
  });
  afterAll(() => t.close());

  it("gives each of its types (Rex's, the bridged ones, Apex's and Repull's) a schema its example keeps to", () => {
    const own = catalogue.filter(
      (type) => type.name !== 'webhook.disabled' && type.name !== 'webhook.certificate_expiring',
    );
    expect(own.map((type) => type.name)).toEqual(
      expect.arrayContaining([
        'contact.created',
        'payment.succeeded',
        'github.push',
        'lead.created',
        'reservation.created',
      ]),
    );
    expect(own.length).toBe(21);
    // An independent validator, not the library's: the schemas are standard JSON Schema 2020-12.
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    for (const type of own) {
      expect({ name: type.name, schema: type.schema !== null, example: type.example !== null }).toEqual({
        name: type.name,
        schema: true,
        example: true,
      });
      expect({
        name: type.name,
        errors: ajv.validate(type.schema!, type.example) ? null : ajv.errors,
      }).toEqual({
        name: type.name,
        errors: null,
      });
    }
  });

  it('refuses data breaking a payload class’s schema (Repull), naming every field, and stores nothing', async () => {
    const refused = await admin.post('/api/events', {
      type: 'reservation.created',
      data: { id: 'res_1', check_in: 'July 1st', total: { amount: -5, currency: 'USD' }, nights: 4 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('validation_failed');
    const fields = (refused.body.error.details as { field: string }[]).map((detail) => detail.field).sort();
    expect(fields).toEqual(['data', 'data.check_in', 'data.total.amount']);
    expect(refused.body.error.details).toContainEqual({
      field: 'data',
      message: expect.stringContaining('nights'),
    });

    const listed = await admin.get('/api/events?type=reservation.created');
    expect(listed.body.data).toEqual([]);
  });

  it("keeps Rex's custom fields, and checks its named ones", async () => {
    const kept = await admin.post('/api/events', {
      type: 'contact.created',
      data: { id: 'con_9', email: 'ada@example.com', favourite_colour: 'teal' },
    });
    expect(kept.status).toBe(201);

    const refused = await admin.post('/api/events/batch', {
      events: [
        { type: 'deal.won', data: { id: 'deal_1', amount: 1200 } },
        { type: 'deal.won', data: { id: 'deal_2', amount: '1200' } },
        { type: 'contact.created', data: { id: 'con_10', email: 'not an address' } },
      ],
    });
    expect(refused.status).toBe(400);
    const fields = (refused.body.error.details as { field: string }[]).map((detail) => detail.field).sort();
    expect(fields).toEqual(['events.1.data.amount', 'events.2.data.email']);
    const deals = await admin.get('/api/events?type=deal.won');
    expect(deals.body.data).toEqual([]);
  });
});
