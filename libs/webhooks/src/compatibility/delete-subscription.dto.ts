import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { SUBSCRIPTION_EXAMPLES as EX } from '../subscriptions/dto/subscription-examples.js';

/** Body of Apex's `DELETE /webhooks`: the subscription to delete. */
export class DeleteSubscriptionDto {
  @ApiProperty({ example: EX.id, description: 'Subscription id (`whk_…`).' })
  @IsString()
  @Length(1, 100)
  id!: string;
}
