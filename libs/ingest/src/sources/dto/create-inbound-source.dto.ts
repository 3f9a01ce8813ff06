import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { INBOUND_SOURCE_TYPES, type InboundSourceType } from '../../interfaces/inbound-source.interface.js';

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
    description:
      'The signing secret. Required for stripe (whsec_…), hubspot, shopify and slack, whose secret the ' +
      'provider issues; generated (and returned once) for github, hmac and standard_webhooks when omitted.',
  })
  @IsOptional()
  @IsString()
  secret?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { tolerance_seconds: 300 },
    description:
      'Type options. Every type: max_body_bytes (at most the gateway limit; larger bodies answer 413). stripe, slack, standard_webhooks: tolerance_seconds. hubspot: versions, max_age_seconds, ' +
      'public_url. hmac: header (required), algorithm, encoding, prefix, timestamp_header, tolerance_seconds, ' +
      'signed_payload, id_header, id_field, type_header, type_field. github, shopify: none.',
  })
  @IsOptional()
  @IsObject()
  options?: Record<string, unknown>;
}
