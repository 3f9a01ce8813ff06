import { ApiProperty } from '@nestjs/swagger';
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
export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionDto] })
  data!: SubscriptionDto[];

  @ApiProperty({ example: false })
  has_more!: boolean;

  @ApiProperty({
    nullable: true,
    type: String,
    example: null,
    description: 'Pass as `cursor` for the next page.',
  })
  next_cursor!: string | null;
}
