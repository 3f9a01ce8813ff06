import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString } from 'class-validator';

/** Where a bridged event came from: the provider and its own id, to correlate with. */
export class EventSource {
  @ApiProperty({ description: 'The third party that sent the original webhook.' })
  @IsIn(['stripe', 'github', 'hubspot'])
  provider!: 'stripe' | 'github' | 'hubspot';

  @ApiProperty({ description: "The provider's event id (Stripe, HubSpot).", nullable: true })
  @IsOptional()
  @IsString()
  event_id?: string | null;

  @ApiProperty({ description: "GitHub's delivery id (`X-GitHub-Delivery`)." })
  @IsOptional()
  @IsString()
  delivery_id?: string;

  @ApiProperty({ description: 'Whether Stripe sent it in live mode.', nullable: true })
  @IsOptional()
  @IsBoolean()
  livemode?: boolean | null;
}
