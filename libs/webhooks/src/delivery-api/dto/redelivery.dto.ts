import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_EXAMPLES as EX } from './delivery-examples.js';

/** The scheduled redelivery. */
export class RedeliveryDto {
  @ApiProperty({
    example: EX.deliveryId,
    description: 'The new attempt (`whd_`), visible in the delivery log.',
  })
  delivery_id!: string;

  @ApiProperty({ enum: ['pending'], example: 'pending' })
  status!: 'pending';
}

/** 202 answer of `POST /webhooks/:id/events/:event_id/redeliver`. */
export class RedeliveryResponseDto {
  @ApiProperty({ type: RedeliveryDto })
  data!: RedeliveryDto;
}
