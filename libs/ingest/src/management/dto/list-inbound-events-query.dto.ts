import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '@org/common';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { INBOUND_EVENT_STATUSES, type InboundEventStatus } from '../../interfaces/inbound-event.interface.js';

/** Filters of `GET /inbound-events`, plus `cursor` and `limit`. */
export class ListInboundEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: 'stripe' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  source?: string;

  @ApiPropertyOptional({ example: 'payment_intent.succeeded' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  type?: string;

  @ApiPropertyOptional({ enum: INBOUND_EVENT_STATUSES })
  @IsOptional()
  @IsIn(INBOUND_EVENT_STATUSES)
  status?: InboundEventStatus;
}
