import { describe, expect, it } from '@jest/globals';
import { schemaFields, type SchemaField } from '../ui/src/schema-fields.js';

/** Path → row, for the assertions. */
function byPath(rows: SchemaField[]): Record<string, Omit<SchemaField, 'path'>> {
  return Object.fromEntries(rows.map(({ path, ...rest }) => [path, rest]));
}

describe('schemaFields', () => {
  it('flattens nested objects and arrays of objects to paths, in document order, with required per level', () => {
    const rows = schemaFields({
      type: 'object',
      required: ['id', 'items'],
      properties: {
        id: { type: 'string', description: 'The order.' },
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
            required: ['sku'],
            additionalProperties: false,
            properties: {
              sku: { type: 'string', pattern: '^SKU-' },
              quantity: { type: 'integer', minimum: 1, maximum: 99 },
            },
          },
        },
      },
    });
    expect(rows.map((row) => row.path)).toEqual([
      'id',
      'customer',
      'customer.email',
      'customer.name',
      'items',
      'items[].sku',
      'items[].quantity',
    ]);
    expect(byPath(rows)).toEqual({
      id: { type: 'string', required: true, description: 'The order.', constraints: [] },
      customer: { type: 'object', required: false, description: null, constraints: [] },
      'customer.email': { type: 'string', required: true, description: null, constraints: ['format: email'] },
      'customer.name': { type: 'string', required: false, description: null, constraints: [] },
      items: { type: 'array of object', required: true, description: null, constraints: ['at least 1 item'] },
      'items[].sku': { type: 'string', required: true, description: null, constraints: ['matches /^SKU-/'] },
      'items[].quantity': {
        type: 'integer',
        required: false,
        description: null,
        constraints: ['≥ 1', '≤ 99'],
      },
    });
  });

  it('shows enums, constants, defaults, unions and nullable fields', () => {
    const rows = byPath(
      schemaFields({
        type: 'object',
        properties: {
          status: { type: 'string', enum: ['paid', 'refunded'] },
          kind: { const: 'order' },
          currency: { type: 'string', default: 'usd', minLength: 3, maxLength: 3 },
          note: { type: ['string', 'null'] },
          amount: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
          tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
          anything: {},
        },
      }),
    );
    expect(rows.status).toMatchObject({ type: 'string', constraints: ['one of: "paid", "refunded"'] });
    expect(rows.kind).toMatchObject({ type: 'string', constraints: ['always "order"'] });
    expect(rows.currency.constraints).toEqual([
      'at least 3 characters',
      'at most 3 characters',
      'default "usd"',
    ]);
    expect(rows.note.type).toBe('string | null');
    expect(rows.amount.type).toBe('integer | string');
    expect(rows.tags).toMatchObject({ type: 'array of string', constraints: ['items unique'] });
    expect(rows.anything.type).toBe('any');
  });

  it('follows local $refs ($defs and definitions), nullable ones included, and stops on a cycle', () => {
    const rows = schemaFields({
      $defs: {
        Address: { type: 'object', required: ['city'], properties: { city: { type: 'string' } } },
        Node: {
          type: 'object',
          properties: { name: { type: 'string' }, child: { $ref: '#/$defs/Node' } },
        },
      },
      definitions: { Line: { type: 'object', properties: { sku: { type: 'string' } } } },
      type: 'object',
      properties: {
        billing: { $ref: '#/$defs/Address', description: 'Where the invoice goes.' },
        shipping: { anyOf: [{ $ref: '#/$defs/Address' }, { type: 'null' }] },
        lines: { type: 'array', items: { $ref: '#/definitions/Line' } },
        tree: { $ref: '#/$defs/Node' },
      },
    });
    const paths = rows.map((row) => row.path);
    expect(paths.slice(0, 6)).toEqual([
      'billing',
      'billing.city',
      'shipping',
      'shipping.city',
      'lines',
      'lines[].sku',
    ]);
    expect(byPath(rows).billing).toMatchObject({ type: 'object', description: 'Where the invoice goes.' });
    expect(byPath(rows).shipping.type).toBe('object | null');
    // A schema that refers to itself ends at a bounded depth instead of recursing forever.
    expect(paths.filter((path) => path.startsWith('tree')).length).toBeLessThan(30);
    expect(paths).toContain('tree.child.child.name');
  });

  it('has no rows for a schema without properties', () => {
    expect(schemaFields({ type: 'object' })).toEqual([]);
  });
});
