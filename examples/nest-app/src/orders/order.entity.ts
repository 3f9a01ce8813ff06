import { defineEntity, p } from '@mikro-orm/postgresql';

/** Where an order is: placed, then paid. */
export type OrderStatus = 'placed' | 'paid';

/** `shop_order`: the app's own table beside the libraries' ones, created by its own migration. */
export const OrderSchema = defineEntity({
  name: 'Order',
  tableName: 'shop_order',
  properties: {
    id: p.text().primary(),
    totalCents: p.integer(),
    currency: p.text(),
    status: p.text().$type<OrderStatus>(),
    paidAt: p.datetime().columnType('timestamptz').nullable(),
  },
});

/** An order of the shop, as `OrdersService` reads and changes it. */
export class Order extends OrderSchema.class {}
OrderSchema.setClass(Order);
