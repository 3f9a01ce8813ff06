import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { allowEveryoneInDevelopment } from '@org/common';
import { addWebhooksToDocument, WebhooksModule } from '@org/webhooks';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('addWebhooksToDocument: the OpenAPI 3.1 webhooks section of the catalogue', () => {
  let t: TestApp;
  const build = (version: string): OpenAPIObject =>
    SwaggerModule.createDocument(t.app, new DocumentBuilder().setOpenAPIVersion(version).build());

  beforeAll(async () => {
    t = await createTestApp(
      WebhooksModule.forRoot({
        authorize: allowEveryoneInDevelopment,
        worker: false,
        signatureHeader: 'X-Acme-Signature',
        standardWebhooksHeaders: false,
        traceparentHeader: true,
        eventTypes: [
          {
            name: 'order.paid',
            description: 'An order was paid.',
            example: { order_id: 'ord_1' },
          },
          { name: 'order.refunded', description: 'An order was refunded.' },
        ],
      }),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a document older than OpenAPI 3.1, naming the setting that fixes it', () => {
    expect(() => addWebhooksToDocument(build('3.0.0'), t.app)).toThrow(/setOpenAPIVersion\('3\.1\.0'\)/);
  });

  it('adds one entry per catalogue type, the module’s webhook.disabled too, and keeps the other entries', () => {
    const original = { ...build('3.1.0'), webhooks: { 'other.thing': { post: { responses: {} } } } };
    const document = addWebhooksToDocument(original, t.app);
    expect(Object.keys(document.webhooks ?? {})).toEqual([
      'other.thing',
      'order.paid',
      'order.refunded',
      'webhook.disabled',
      'webhook.certificate_expiring',
    ]);
    expect(Object.keys(original.webhooks)).toEqual(['other.thing']);
  });

  it('lists the headers the module’s options make deliveries carry', () => {
    const document = addWebhooksToDocument(build('3.1.0'), t.app);
    const parameters = (document.webhooks?.['order.paid']?.post?.parameters ?? []) as {
      name: string;
      required: boolean;
    }[];
    expect(parameters.map(({ name, required }) => `${name}${required ? '' : '?'}`)).toEqual([
      'X-Acme-Signature',
      'X-Webhook-Event-Id',
      'X-Webhook-Event-Type',
      'X-Webhook-Attempt',
      'User-Agent',
      'traceparent?',
    ]);
  });

  it('gives a type without a schema any object as data', () => {
    const document = addWebhooksToDocument(build('3.1.0'), t.app);
    const body = document.webhooks?.['order.refunded']?.post?.requestBody as {
      content: Record<string, { schema: { properties: { data: unknown } } }>;
    };
    expect(body.content['application/json']!.schema.properties.data).toEqual({
      type: 'object',
      additionalProperties: true,
    });
  });
});
