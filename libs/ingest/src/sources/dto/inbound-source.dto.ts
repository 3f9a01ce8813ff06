import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageDto } from '@org/common';
import { INBOUND_SOURCE_TYPES, type InboundSourceType } from '../../interfaces/inbound-source.interface.js';

/** A source created over the API; its secrets are never shown after creation or rotation. */
export class InboundSourceDto {
  @ApiProperty({ example: 'src_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  id!: string;

  @ApiProperty({ example: 'Acme Stripe account' })
  name!: string;

  @ApiProperty({ enum: INBOUND_SOURCE_TYPES, example: 'stripe' })
  type!: InboundSourceType;

  @ApiProperty({
    example: 'https://api.example.com/api/webhooks/src_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
    description: "Paste this into the provider's webhook settings.",
  })
  url!: string;

  @ApiProperty({ type: String, nullable: true, example: 'acme' })
  workspace!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: {} })
  options!: Record<string, unknown>;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'While a rotation overlaps: when the previous secret stops being accepted.',
  })
  previous_secret_expires_at!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

/** `{ data }` of one source, with the plain secret once (creation, rotation) when it was generated. */
export class InboundSourceResponseDto {
  @ApiProperty({ type: InboundSourceDto })
  data!: InboundSourceDto;

  @ApiPropertyOptional({ description: 'The generated secret, shown only in this answer.' })
  secret?: string;
}

/** A page of sources, newest first. */
export class InboundSourcePageDto extends PageDto(InboundSourceDto) {}
