import { IsIn, IsInt, IsString, Min } from 'class-validator';
import type { Order, OrderStatus } from './order.entity.js';

/** Body of `POST /orders`. */
export class PlaceOrderDto {
  @IsInt()
  @Min(1)
  total_cents!: number;

  @IsIn(['eur', 'gbp', 'usd'])
  currency!: string;
}

/** Body of `POST /order-webhooks`: where the customer's system wants the order events. */
export class OrderWebhookDto {
  @IsString()
  url!: string;
}

/** An order as the routes answer it. */
export interface OrderDto {
  id: string;
  status: OrderStatus;
  total_cents: number;
  currency: string;
  paid_at: string | null;
}

/** The answer for `order`: the API's field names, not the entity's. */
export function toOrderDto(order: Order): OrderDto {
  return {
    id: order.id,
    status: order.status,
    total_cents: order.totalCents,
    currency: order.currency,
    paid_at: order.paidAt?.toISOString() ?? null,
  };
}
