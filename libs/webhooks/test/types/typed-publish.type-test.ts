// Compiled by `nx run @org/webhooks:typecheck` (tsconfig.json includes test/**), never run: each
// `@ts-expect-error` below must meet an error, or the compiler reports the directive as unused and
// CI fails. The valid calls must compile as they are.
import { WebhooksService, type PublishItem } from '@org/webhooks';
import { OrderPaid, OrderRefunded } from '../support/order-events.js';

interface ShopEvents {
  'order.shipped': { order_id: string; carrier: 'ups' | 'dhl' };
}

export async function typedPublishing(
  webhooks: WebhooksService,
  shop: WebhooksService<ShopEvents>,
): Promise<void> {
  const items = [{ sku: 'SKU-1', quantity: 1 }];

  // A payload class: data is checked against its properties.
  await webhooks.publish(OrderPaid, { order_id: 'ord_1', amount: 4200, currency: 'eur', items });
  await webhooks.publish(OrderPaid, {
    order_id: 'ord_1',
    amount: 4200,
    currency: 'eur',
    items,
    note: 'gift',
  });
  // @ts-expect-error a required field (amount) is missing
  await webhooks.publish(OrderPaid, { order_id: 'ord_1', currency: 'eur', items });
  // @ts-expect-error amount is a number, not a string
  await webhooks.publish(OrderPaid, { order_id: 'ord_1', amount: '4200', currency: 'eur', items });
  // @ts-expect-error a nested item lacks its sku
  await webhooks.publish(OrderPaid, {
    order_id: 'ord_1',
    amount: 1,
    currency: 'eur',
    items: [{ quantity: 1 }],
  });
  // @ts-expect-error a field the class does not declare
  await webhooks.publish(OrderPaid, { order_id: 'ord_1', amount: 1, currency: 'eur', items, coupon: 'X' });

  // The untyped string form keeps working, with any object.
  await webhooks.publish('order.paid', { anything: true });
  // @ts-expect-error data is still an object
  await webhooks.publish('order.paid', 'not an object');

  // A typed map of names to data types.
  await shop.publish('order.shipped', { order_id: 'ord_1', carrier: 'ups' });
  // @ts-expect-error carrier is one of 'ups' | 'dhl'
  await shop.publish('order.shipped', { order_id: 'ord_1', carrier: 'fedex' });
  // @ts-expect-error order_id is missing
  await shop.publish('order.shipped', { carrier: 'dhl' });
  // Names outside the map take any object; classes work with a map too.
  await shop.publish('order.other', { anything: true });
  await shop.publish(OrderRefunded, { order_id: 'ord_1' });

  // publishMany checks each item against its own type.
  await webhooks.publishMany([
    { type: OrderPaid, data: { order_id: 'ord_1', amount: 1, currency: 'usd', items } },
    { type: OrderRefunded, data: { order_id: 'ord_1' }, idempotencyKey: 'refund-ord_1' },
    { type: 'order.noted', data: { free: 'form' } },
  ]);
  await shop.publishMany([{ type: 'order.shipped', data: { order_id: 'ord_1', carrier: 'dhl' } }]);
  await webhooks.publishMany([
    { type: OrderRefunded, data: { order_id: 'ord_1' } },
    // @ts-expect-error the second item's amount is missing
    { type: OrderPaid, data: { order_id: 'ord_1', currency: 'eur', items } },
  ]);
  await webhooks.publishMany([
    // @ts-expect-error amount must be a number
    { type: OrderPaid, data: { order_id: 'ord_1', amount: 'none', currency: 'eur', items } },
  ]);
  await shop.publishMany([
    // @ts-expect-error carrier is one of 'ups' | 'dhl'
    { type: 'order.shipped', data: { order_id: 'ord_1', carrier: 'fedex' } },
  ]);

  // Untyped lists built elsewhere keep compiling.
  const list: PublishItem[] = [{ type: 'order.paid', data: { any: 1 } }];
  await webhooks.publishMany(list);
}
