import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@org/common';
import {
  EVENT_DELIVERY_STATUSES,
  type EventDeliveryStatus,
} from '../../interfaces/event-delivery.interface.js';
import { DELIVERY_EXAMPLES as EX } from './delivery-examples.js';

/** Statuses shown by the delivery log (cancelled attempts of deleted subscriptions are not shown). */
export const DELIVERY_LOG_STATUSES = ['success', 'failed', 'pending'] as const;

/** One delivery attempt in the log. */
export class DeliveryAttemptDto {
  @ApiProperty({ example: EX.deliveryId })
  id!: string;

  @ApiProperty({ example: EX.subscriptionId })
  subscription_id!: string;

  @ApiProperty({ example: EX.eventId })
  event_id!: string;

  @ApiProperty({ example: EX.eventType })
  event_type!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'acme',
    description: 'The workspace of its event and subscription; null when made by a caller bound to none.',
  })
  workspace!: string | null;

  @ApiProperty({
    example: 3,
    description: '1 for the first attempt of a delivery (or of a redelivery), 2 for the first retry, …',
  })
  attempt!: number;

  @ApiProperty({
    enum: DELIVERY_LOG_STATUSES,
    example: 'failed',
    description: '`pending`: scheduled, not yet made.',
  })
  status!: (typeof DELIVERY_LOG_STATUSES)[number];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 500,
    description: "The endpoint's status; null when it did not answer or while pending.",
  })
  http_status!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'HTTP 500',
    description:
      'Why the attempt failed (`HTTP 500`, `timeout after 10000 ms`, `connection refused`, `destination not allowed: …`, …).',
  })
  error!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 1200 })
  duration_ms!: number | null;

  @ApiProperty({
    example: EX.at,
    description: 'When the attempt was made; for a pending attempt, when it was scheduled.',
  })
  created_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: null,
    description:
      'When a pending attempt is due; for a failed one with attempts left, when the next is due (the schedule, or later when the endpoint sent Retry-After or is backed off); null otherwise.',
  })
  next_attempt_at!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Internal Server Error',
    description: "The start of the endpoint's answer (truncated).",
  })
  response_body!: string | null;

  @ApiProperty({
    example: false,
    description:
      'A test delivery (`/ping`, `/test`) of a sample event that was never published (`GET /events/:id` answers the body sent); it cannot be redelivered or replayed.',
  })
  test!: boolean;

  @ApiProperty({
    enum: EVENT_DELIVERY_STATUSES,
    example: 'delivered',
    description:
      'Where this attempt’s event stands with the subscription now (as `deliveries[].status` of `GET /events/:id`): a failed attempt of an event delivered on a later retry says `delivered`.',
  })
  delivery_status!: EventDeliveryStatus;
}

/** One page of the delivery log, newest first. */
export class DeliveryAttemptPageDto extends PageDto(DeliveryAttemptDto) {}
