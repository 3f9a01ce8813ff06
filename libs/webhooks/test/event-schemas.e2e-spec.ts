import { describe, expect, it } from '@jest/globals';
import type { DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { allowEveryoneInDevelopment } from '@org/common';
import {
  EventTypeCatalogue,
  EventValidationException,
  InvalidWebhooksOptionsError,
  WebhookEvent,
  WebhooksModule,
  WebhooksService,
  type EventTypeDefinition,
} from '@org/webhooks';
import { IsString } from 'class-validator';
import { ORDER_PAID_EXAMPLE, OrderPaid } from './support/order-events.js';
import { storageHarnesses } from './support/storage-harness.js';
import { useStorageApp } from './support/storage-app.js';

const ORDER_SHIPPED: EventTypeDefinition = {
  name: 'order.shipped',
  description: 'An order left the warehouse.',
  schema: {
    type: 'object',
    properties: { order_id: { type: 'string' }, carrier: { enum: ['ups', 'dhl'] } },
    required: ['order_id', 'carrier'],
    additionalProperties: false,
  },
  example: { order_id: 'ord_1', carrier: 'ups' },
};
const ORDER_NOTED = { name: 'order.noted', description: 'Free-form notes, no schema.' };

const fieldsOf = (body: { error: { details?: { field: string }[] } }) =>
  body.error.details?.map((d) => d.field);

describe.each(storageHarnesses)('event schemas on $name storage', (harness) => {
  const ctx = useStorageApp(harness, { eventTypes: [OrderPaid, ORDER_SHIPPED, ORDER_NOTED] });
  const publish = (body: object) => ctx.app.as(null).post('/api/events').send(body);
  const stored = () => ctx.under.storage.events.listEvents({ scope: null, limit: 100 });

  it('publishes data that conforms, by class, by name and over HTTP', async () => {
    const webhooks = ctx.app.app.get(WebhooksService);
    await webhooks.publish(OrderPaid, { ...ORDER_PAID_EXAMPLE, note: 'gift' });
    await webhooks.publish('order.shipped', { order_id: 'ord_1', carrier: 'dhl' });
    await publish({ type: 'order.paid', data: ORDER_PAID_EXAMPLE }).expect(201);
    expect((await stored()).map((event) => event.type).sort()).toEqual([
      'order.paid',
      'order.paid',
      'order.shipped',
    ]);
  });

  it('answers 400 validation_failed naming every bad field: a wrong type, a missing field, an extra one', async () => {
    const res = await publish({
      type: 'order.paid',
      data: {
        order_id: 'ord_1',
        amount: '42',
        items: [{ sku: 'A', quantity: 1 }, { quantity: 0 }],
        coupon: 'X',
      },
    }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'data.amount', message: 'data.amount must be integer' },
        { field: 'data', message: 'data must have the property "currency"' },
        { field: 'data.items.1', message: 'data.items.1 must have the property "sku"' },
        { field: 'data.items.1.quantity', message: 'data.items.1.quantity must be >= 1' },
        {
          field: 'data',
          message: 'data must not have the property "coupon" (the schema allows no other properties)',
        },
      ]),
    );
    expect(res.body.error.details).toHaveLength(5);
    const extra = await publish({
      type: 'order.shipped',
      data: { order_id: 'ord_1', carrier: 'fedex', eta: 'tomorrow' },
    }).expect(400);
    expect(fieldsOf(extra.body)).toEqual(['data', 'data.carrier']);
    expect(await stored()).toEqual([]);
  });

  it('answers as docs/getting-started.md shows: every field named, in one message', async () => {
    const res = await publish({
      type: 'order.paid',
      data: { ...ORDER_PAID_EXAMPLE, amount: '42', coupon: 'X' },
    }).expect(400);
    expect(res.body).toEqual({
      error: {
        code: 'validation_failed',
        message: 'The request has 2 invalid fields: data, data.amount.',
        details: [
          {
            field: 'data',
            message: 'data must not have the property "coupon" (the schema allows no other properties)',
          },
          { field: 'data.amount', message: 'data.amount must be integer' },
        ],
      },
    });
  });

  it('accepts any object for a type without a schema', async () => {
    await publish({ type: 'order.noted', data: { anything: ['goes', 1, null] } }).expect(201);
    expect(await stored()).toHaveLength(1);
  });

  it('throws EventValidationException in process, naming every field, and stores nothing', async () => {
    const webhooks = ctx.app.app.get(WebhooksService);
    const error = await webhooks
      .publish('order.paid', { order_id: 7, amount: -1, currency: 'eur', items: [] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventValidationException);
    expect((error as EventValidationException).getStatus()).toBe(400);
    expect((error as EventValidationException).details.map((detail) => detail.field)).toEqual([
      'data.order_id',
      'data.amount',
    ]);
    expect(await stored()).toEqual([]);
  });

  it('refuses to publish with a class that is not a @WebhookEvent, naming it', async () => {
    class NotAnEvent {
      order_id!: string;
    }
    await expect(ctx.app.app.get(WebhooksService).publish(NotAnEvent, { order_id: 'ord_1' })).rejects.toThrow(
      'NotAnEvent is not an event type: decorate it with @WebhookEvent(name)',
    );
    expect(await stored()).toEqual([]);
  });

  it('refuses a batch with one bad item, naming its index and fields, and stores nothing of it', async () => {
    const batch = (events: unknown[]) => ctx.app.as(null).post('/api/events/batch').send({ events });
    const res = await batch([
      { type: 'order.paid', data: ORDER_PAID_EXAMPLE },
      { type: 'order.shipped', data: { order_id: 'ord_1', carrier: 'fedex' } },
      { type: 'order.noted', data: {} },
      { type: 'order.paid', data: { ...ORDER_PAID_EXAMPLE, amount: 1.5 } },
    ]).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toEqual([
      { field: 'events.1.data.carrier', message: 'events.1.data.carrier must be one of "ups", "dhl"' },
      { field: 'events.3.data.amount', message: 'events.3.data.amount must be integer' },
    ]);
    // With another kind of problem in the batch, every problem is still named, as invalid_event.
    const mixed = await batch([
      { type: 'Bad Type', data: {} },
      { type: 'order.shipped', data: { order_id: 'ord_1' } },
    ]).expect(400);
    expect(mixed.body.error.code).toBe('invalid_event');
    expect(fieldsOf(mixed.body)).toEqual(['events.0.type', 'events.1.data']);
    await expect(
      ctx.app.app.get(WebhooksService).publishMany([
        { type: OrderPaid, data: ORDER_PAID_EXAMPLE },
        { type: 'order.shipped', data: { order_id: 'ord_1', carrier: 'none' } },
      ]),
    ).rejects.toBeInstanceOf(EventValidationException);
    expect(await stored()).toEqual([]);
  });

  it('serves each type with the JSON Schema of its data and its example', async () => {
    const list = (await ctx.app.as(null).get('/api/webhooks/event-types').expect(200)).body.data;
    expect(list.map((type: { name: string }) => type.name)).toEqual([
      'order.paid',
      'order.shipped',
      'order.noted',
      'webhook.disabled',
      'webhook.certificate_expiring',
    ]);
    const paid = (await ctx.app.as(null).get('/api/webhooks/event-types/order.paid').expect(200)).body.data;
    expect(paid).toEqual({
      name: 'order.paid',
      description: 'An order was paid.',
      example: ORDER_PAID_EXAMPLE,
      schema: expect.objectContaining({ type: 'object', additionalProperties: false }),
    });
    expect(paid.schema.properties.items.items.properties.quantity).toEqual({ type: 'integer', minimum: 1 });
    expect(list[0]).toEqual(paid);
    expect(list[1]).toEqual({ ...ORDER_SHIPPED });
    expect(list[2]).toEqual({ ...ORDER_NOTED, schema: null, example: null });
    expect(ctx.app.app.get(EventTypeCatalogue).find('order.paid')?.schema).toEqual(paid.schema);
    const missing = await ctx.app.as(null).get('/api/webhooks/event-types/order.lost').expect(404);
    expect(missing.body.error.code).toBe('event_type_not_found');
  });
});

describe('the catalogue at start-up', () => {
  const compile = (eventTypes: unknown[]) =>
    Test.createTestingModule({
      imports: [
        WebhooksModule.forRoot({
          authorize: allowEveryoneInDevelopment,
          worker: false,
          eventTypes: eventTypes as EventTypeDefinition[],
        }) as DynamicModule,
      ],
    }).compile();

  it('stops on a type declared twice, naming it', async () => {
    const error = await compile([OrderPaid, { name: 'order.paid', description: 'Again.' }]).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidWebhooksOptionsError);
    expect((error as Error).message).toContain('eventTypes[1].name: "order.paid" is listed twice');
  });

  it('stops on a schema that does not compile, naming the type', async () => {
    const error = await compile([
      {
        name: 'order.lost',
        description: '',
        schema: { type: 'object', properties: { a: { type: 'strin' } } },
      },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidWebhooksOptionsError);
    expect((error as Error).message).toContain('eventTypes[0] (order.lost).schema: does not compile');
  });

  it('stops on an example that breaks its own schema, plain or from a class', async () => {
    @WebhookEvent('order.voided', { example: { order_id: 1 } })
    class OrderVoided {
      @IsString()
      order_id!: string;
    }
    const error = await compile([
      { ...ORDER_SHIPPED, example: { order_id: 'ord_1', carrier: 'fedex' } },
      OrderVoided,
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidWebhooksOptionsError);
    const message = (error as Error).message;
    expect(message).toContain(
      'eventTypes[0] (order.shipped).example: breaks its own schema: data.carrier must be one of "ups", "dhl"',
    );
    expect(message).toContain(
      'eventTypes[1] (order.voided).example: breaks its own schema: data.order_id must be string',
    );
  });

  it('stops on a class that is not a @WebhookEvent', async () => {
    class NotAnEvent {}
    await expect(compile([NotAnEvent])).rejects.toThrow(
      'eventTypes[0]: NotAnEvent is not decorated with @WebhookEvent(name)',
    );
  });
});
