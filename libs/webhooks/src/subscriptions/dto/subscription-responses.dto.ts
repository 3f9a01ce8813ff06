import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@org/common';
import { SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';
import { SubscriptionDto } from './subscription.dto.js';

/** `{ data }` of one subscription. */
export class SubscriptionResponseDto {
  @ApiProperty({ type: SubscriptionDto })
  data!: SubscriptionDto;
}

/** `{ data, secret }`: answer of create and rotation, the only places a secret is ever shown. */
export class SubscriptionWithSecretResponseDto {
  @ApiProperty({ type: SubscriptionDto })
  data!: SubscriptionDto;

  @ApiProperty({
    example: EX.secret,
    description: 'The signing secret. Store it now: it is not returned again.',
  })
  secret!: string;
}

/** One page of subscriptions, oldest first. */
export class SubscriptionPageDto extends PageDto(SubscriptionDto) {}
