import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '@org/common';
import { IsIn, IsOptional } from 'class-validator';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../../interfaces/subscription.interface.js';

/** Query of `GET /webhooks`: `cursor`, `limit` and a `status` filter. */
export class ListSubscriptionsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, description: 'Only subscriptions with this status.' })
  @IsOptional()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;
}
