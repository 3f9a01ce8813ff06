import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { INBOUND_SOURCE_TYPES, type InboundSourceType } from '../../interfaces/inbound-source.interface.js';
import {
  newSourceSecretDescription,
  typeOptionsDescription,
} from '../../source-kinds/source-kind.descriptions.js';

/** Body of `POST /inbound-sources`. */
export class CreateInboundSourceDto {
  @ApiProperty({ example: 'Acme Stripe account', maxLength: 255 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  name!: string;

  @ApiProperty({ enum: INBOUND_SOURCE_TYPES, example: 'stripe' })
  @IsIn(INBOUND_SOURCE_TYPES)
  type!: InboundSourceType;

  @ApiPropertyOptional({
    example: 'whsec_…',
    description: newSourceSecretDescription(),
  })
  @IsOptional()
  @IsString()
  secret?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { tolerance_seconds: 300 },
    description: typeOptionsDescription(),
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}
