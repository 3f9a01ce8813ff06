import { ApiProperty } from '@nestjs/swagger';
import {
  EVENT_DELIVERY_STATUSES,
  type EventDeliveryStatus,
} from '../../interfaces/event-delivery.interface.js';
import { EventDto } from './event.dto.js';
import { EVENT_EXAMPLES as EX } from './event-examples.js';

/** Where an event stands with one subscription it was fanned out to. */
export class EventDeliveryDto {
  @ApiProperty({ example: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  subscription_id!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'CRM sync',
    description: 'null when the subscription was deleted.',
  })
  subscription_name!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://example.com/webhooks/rex',
    description: 'null when the subscription was deleted.',
  })
  url!: string | null;

  @ApiProperty({
    enum: EVENT_DELIVERY_STATUSES,
    example: 'delivered',
    description:
      'Derived from the recorded attempts, the latest deciding (a redelivery starts over): `pending` no attempt made yet; `retrying` the last attempt failed and another is scheduled (`next_attempt_at`); `delivered` an attempt succeeded (`delivered_attempt`); `failed` attempts exhausted, or the subscription is disabled; `cancelled` the subscription was deleted before the event reached it.',
  })
  status!: EventDeliveryStatus;

  @ApiProperty({
    example: 3,
    description: 'Attempts made (scheduled ones not counted), redeliveries included.',
  })
  attempts!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EX.at })
  last_attempt_at!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 200,
    description: "The endpoint's status for the last attempt made; null without an attempt or an answer.",
  })
  last_http_status!: number | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'When the waiting attempt is due (`pending`, `retrying`); null otherwise.',
  })
  next_attempt_at!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3,
    description: 'The number of the attempt that succeeded (`delivered`); null otherwise.',
  })
  delivered_attempt!: number | null;
}

/** An event with its delivery status per subscription (`GET /events/:id`). */
export class EventDetailDto extends EventDto {
  @ApiProperty({
    example: false,
    description:
      'The sample event of a test delivery (`/ping`, `/test`): never published; `data` is what was sent.',
  })
  test!: boolean;

  @ApiProperty({
    type: [EventDeliveryDto],
    description:
      'One entry per subscription the event was fanned out to (a test event: the subscription pinged), by subscription id; only the subscriptions of the caller’s workspace.',
  })
  deliveries!: EventDeliveryDto[];
}

/** `{ data }` of `GET /events/:id`. */
export class EventDetailResponseDto {
  @ApiProperty({ type: EventDetailDto })
  data!: EventDetailDto;
}
