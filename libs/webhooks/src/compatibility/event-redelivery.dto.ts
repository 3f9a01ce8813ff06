import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_EXAMPLES as EX } from '../delivery-api/dto/delivery-examples.js';

/** The attempts scheduled by a redelivery of an event to every subscription that received it. */
export class EventRedeliveryDto {
  @ApiProperty({ example: EX.eventId })
  event_id!: string;

  @ApiProperty({
    type: [String],
    example: [EX.deliveryId],
    description: 'One new attempt (`whd_`) per subscription that had received the event.',
  })
  delivery_ids!: string[];

  @ApiProperty({ enum: ['pending'], example: 'pending' })
  status!: 'pending';
}

/** 202 answer of `POST /webhooks/events/:id/redeliver` (Rapidly). */
export class EventRedeliveryResponseDto {
  @ApiProperty({ type: EventRedeliveryDto })
  data!: EventRedeliveryDto;
}
