import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '@org/common';
import { IsIn, IsISO8601, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { MAX_EVENT_TYPE_LENGTH } from '../../webhooks.constants.js';
import {
  EVENT_DELIVERY_STATUSES,
  type EventDeliveryStatus,
} from '../../interfaces/event-delivery.interface.js';
import { DELIVERY_LOG_STATUSES } from './delivery-attempt.dto.js';
import { DELIVERY_EXAMPLES as EX } from './delivery-examples.js';

/** HTTP status classes `GET /webhooks/deliveries` can filter on. */
export const HTTP_STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** Query of `GET /webhooks/:id/deliveries`: `cursor`, `limit`, `status`, `delivery_status`. */
export class SubscriptionDeliveriesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_LOG_STATUSES, description: 'Only attempts with this status.' })
  @IsOptional()
  @IsIn(DELIVERY_LOG_STATUSES)
  status?: (typeof DELIVERY_LOG_STATUSES)[number];

  @ApiPropertyOptional({
    enum: EVENT_DELIVERY_STATUSES,
    description:
      'Only attempts whose event stands so with the subscription now (`delivery_status` of the rows): `failed` is "still failing", without the failed attempts of events delivered on a later retry.',
  })
  @IsOptional()
  @IsIn(EVENT_DELIVERY_STATUSES)
  delivery_status?: EventDeliveryStatus;
}

/**
 * Query of `GET /webhooks/deliveries`: the log across subscriptions. A module serving Rapidly also
 * takes Rapidly's names of these filters (`compatibility/delivery-filter-aliases.ts`).
 */
export class DeliveriesQueryDto extends SubscriptionDeliveriesQueryDto {
  @ApiPropertyOptional({ example: EX.subscriptionId, description: 'Only attempts to this subscription.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  subscription_id?: string;

  @ApiPropertyOptional({ example: EX.eventType, description: 'Only attempts of this event type.' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EVENT_TYPE_LENGTH)
  event_type?: string;

  @ApiPropertyOptional({
    enum: HTTP_STATUS_CLASSES,
    description: 'Only attempts answered with a status of this class.',
  })
  @IsOptional()
  @IsIn(HTTP_STATUS_CLASSES)
  http_status_class?: (typeof HTTP_STATUS_CLASSES)[number];

  @ApiPropertyOptional({
    example: '2026-03-16T00:00:00Z',
    description: 'Only attempts made (or, pending, scheduled) at or after this time (ISO 8601).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({
    example: '2026-03-17T00:00:00Z',
    description: 'Only attempts made (or, pending, scheduled) before this time (ISO 8601).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;

  @ApiPropertyOptional({
    example: 'HTTP 500',
    description:
      'Text searched (case-insensitive, literally) in the event type, the event id, the stored response body and the error.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  query?: string;
}
