import { describe, expect, it } from '@jest/globals';
import { webhookPathItem, type DeliveryHeaderSettings } from './webhook-operation.js';

const SETTINGS: DeliveryHeaderSettings = {
  signatureHeader: 'X-Webhook-Signature',
  standardWebhooksHeaders: true,
  traceparentHeader: false,
  userAgent: 'org-webhooks/0.1',
};

/** A data schema with local `$ref`s (to `$defs`, and to itself): they must resolve once embedded. */
const ORDER_PAID_SCHEMA = {
  type: 'object',
  required: ['order_id', 'amount'],
  properties: {
    order_id: { type: 'string' },
    amount: { $ref: '#/$defs/money' },
    replaces: { $ref: '#' },
    note: { const: { $ref: '#/not/a/schema' } },
  },
  $defs: { money: { type: 'object', properties: { value: { type: 'integer' } } } },
};

/** Follows a `#/…` JSON Pointer through `document`. */
function resolvePointer(document: unknown, ref: string): unknown {
  if (ref === '#') return document;
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);
}

describe('webhookPathItem', () => {
  const name = 'order.paid';
  const document = {
    webhooks: {
      [name]: webhookPathItem(
        { name, description: 'An order was paid.', schema: ORDER_PAID_SCHEMA },
        SETTINGS,
      ),
    },
  };
  const data = (
    document.webhooks[name].post?.requestBody as {
      content: Record<string, { schema: { properties: { data: typeof ORDER_PAID_SCHEMA } } }>;
    }
  ).content['application/json']!.schema.properties.data;

  it("embeds the type's schema as data, its local $refs rebased to where it sits in the document", () => {
    expect(resolvePointer(document, (data.properties.amount as { $ref: string }).$ref)).toEqual(
      ORDER_PAID_SCHEMA.$defs.money,
    );
    expect(resolvePointer(document, (data.properties.replaces as { $ref: string }).$ref)).toBe(data);
  });

  it('leaves data alone: a $ref inside const is a value, not a reference', () => {
    expect(data.properties.note).toEqual({ const: { $ref: '#/not/a/schema' } });
  });
});
