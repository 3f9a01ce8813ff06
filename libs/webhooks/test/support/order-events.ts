import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { WebhookEvent } from '@org/webhooks';

// The payload classes the typed-catalogue suites share: the e2e (event-schemas) and the type test.

export class LineItem {
  @IsString()
  sku!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

/** A valid `order.paid` data, also the type's example. */
export const ORDER_PAID_EXAMPLE = {
  order_id: 'ord_1',
  amount: 4200,
  currency: 'eur',
  items: [{ sku: 'A', quantity: 1 }],
};

/** `order.paid`: required fields, a bound, an enum, an optional field, an array of nested objects. */
@WebhookEvent('order.paid', { description: 'An order was paid.', example: ORDER_PAID_EXAMPLE })
export class OrderPaid {
  @IsString()
  order_id!: string;

  @IsInt()
  @Min(0)
  amount!: number;

  @IsIn(['eur', 'usd'])
  currency!: string;

  @IsOptional()
  @IsString()
  note?: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => LineItem)
  items!: LineItem[];
}

/** `order.refunded`: one field. */
@WebhookEvent('order.refunded')
export class OrderRefunded {
  @IsString()
  order_id!: string;
}
