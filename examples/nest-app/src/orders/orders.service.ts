import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, NotFoundException } from '@nestjs/common';
import { WebhooksService } from '@org/webhooks';
import { OrderPaid } from './order-paid.event.js';
import { Order } from './order.entity.js';

/** Places and pays orders; paying publishes `order.paid` in the transaction that records it. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly em: EntityManager,
    private readonly webhooks: WebhooksService,
  ) {}

  /** A new order, not paid yet. */
  async place(totalCents: number, currency: string): Promise<Order> {
    const order = this.em.create(Order, {
      id: `ord_${randomUUID()}`,
      totalCents,
      currency,
      status: 'placed',
      paidAt: null,
    });
    await this.em.flush();
    return order;
  }

  /**
   * Marks the order paid and publishes `order.paid` in the same transaction: the event exists if and
   * only if the change commits. Paying it again publishes nothing new (the idempotency key).
   * @throws NotFoundException when there is no such order.
   */
  async markPaid(id: string): Promise<Order> {
    return this.em.transactional(async (em) => {
      const order = await em.findOne(Order, id);
      if (!order) throw new NotFoundException({ code: 'order_not_found', message: `No order ${id}.` });
      if (order.status !== 'paid') {
        order.status = 'paid';
        order.paidAt = new Date();
      }
      await this.webhooks.publish(
        OrderPaid, // typed: data must have OrderPaid's fields
        { id: order.id, total_cents: order.totalCents, currency: order.currency },
        { em, idempotencyKey: `order-paid-${order.id}` }, // em: joins this transaction
      );
      return order;
    });
  }
}
