import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Min } from 'class-validator';
import { WebhookEvent } from '@org/webhooks';

/**
 * The `data` of `order.paid`. Its decorators are its JSON Schema: every publish is checked against
 * it (a 400 `validation_failed` naming the field otherwise), `GET /api/webhooks/event-types` serves
 * it, and `publish(OrderPaid, data)` type-checks `data` when the app compiles.
 */
@WebhookEvent('order.paid', {
  description: 'An order was paid.',
  example: { id: 'ord_3a9bd14b', total_cents: 4200, currency: 'eur' }, // what "send a test event" sends
})
export class OrderPaid {
  @ApiProperty({ description: 'The order.', example: 'ord_3a9bd14b' })
  @IsString()
  id!: string;

  @ApiProperty({ description: 'What was paid, in cents.' })
  @IsInt()
  @Min(1)
  total_cents!: number;

  @IsIn(['eur', 'gbp', 'usd'])
  currency!: string;
}
