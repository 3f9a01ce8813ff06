import type { PayloadFilter } from '../../filters/payload-filter.js';
import { PAYLOAD_FILTER_DESCRIPTION, PAYLOAD_FILTER_EXAMPLE } from '../../filters/payload-filter.swagger.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { NoControlCharacters, OpaqueJson } from '@org/common';
import {
  MAX_CALLER_SECRET_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  MAX_SUBSCRIPTION_NAME_LENGTH,
  MAX_URL_LENGTH,
  MIN_CALLER_SECRET_LENGTH,
} from '../../webhooks.constants.js';
import { CALLER_SECRET_RULE, SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';
import { OptionalNotNull } from '../../validation/optional-not-null.decorator.js';
import {
  IsEventTypePatternList,
  IsSubscriptionMetadata,
  IsWebhookUrl,
} from './subscription-field.validators.js';
import { SubscriptionDeliverySettingsDto } from './delivery-settings.dto.js';
import { ClientTlsDto, ClientTlsField, CustomHeadersField } from './endpoint-credentials.dto.js';
import { OAuth2Dto } from './oauth2.dto.js';

/**
 * Body of `POST /webhooks`; `format` and the per-subscription delivery settings come from the base
 * class. A module that serves other systems' field names (`events`, …) validates a subclass with them
 * (`compatibility/subscription-aliases.dto.ts`).
 */
export class CreateSubscriptionDto extends SubscriptionDeliverySettingsDto {
  @ApiPropertyOptional({
    description: "Human-readable name; the URL's host when omitted.",
    example: EX.name,
    minLength: 1,
    maxLength: MAX_SUBSCRIPTION_NAME_LENGTH,
  })
  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_SUBSCRIPTION_NAME_LENGTH)
  @NoControlCharacters()
  name?: string;

  @ApiProperty({
    description: 'HTTPS endpoint URL that receives the deliveries.',
    example: EX.url,
    maxLength: MAX_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @NoControlCharacters()
  url!: string;

  @ApiPropertyOptional({
    description: `Signing secret (${MIN_CALLER_SECRET_LENGTH}-${MAX_CALLER_SECRET_LENGTH} ${CALLER_SECRET_RULE}); generated (\`whsec_\` + 32 random bytes, base64) when omitted. Returned in this response only.`,
    example: EX.secret,
    minLength: MIN_CALLER_SECRET_LENGTH,
    maxLength: MAX_CALLER_SECRET_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Length(MIN_CALLER_SECRET_LENGTH, MAX_CALLER_SECRET_LENGTH)
  @Matches(/^[\x21-\x7E]+$/, { message: `secret must be ${CALLER_SECRET_RULE}` })
  secret?: string;

  @ApiPropertyOptional({
    description: 'Event types to receive: exact names, `prefix.*` or `*`. All (`*`) when omitted.',
    type: [String],
    example: EX.eventTypes,
    minItems: 1,
    maxItems: MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  })
  @IsOptional()
  @IsEventTypePatternList()
  event_types?: string[];

  @ApiPropertyOptional({
    description: 'Free text for people.',
    example: EX.description,
    maxLength: MAX_DESCRIPTION_LENGTH,
    nullable: true,
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  @NoControlCharacters()
  description?: string | null;

  @ApiPropertyOptional({
    description: 'Arbitrary key-value data (at most 50 keys, 8 KiB).',
    type: 'object',
    additionalProperties: true,
    example: EX.metadata,
  })
  @IsOptional()
  @OpaqueJson()
  @NoControlCharacters()
  @IsSubscriptionMetadata()
  metadata?: Record<string, unknown>;

  @CustomHeadersField()
  headers?: Record<string, string> | null;

  @ClientTlsField()
  tls?: ClientTlsDto | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: PAYLOAD_FILTER_EXAMPLE,
    description: `${PAYLOAD_FILTER_DESCRIPTION} Every event when omitted or \`null\`.`,
  })
  // Checked by SubscriptionPolicy, which names each bad part by its path (`filter.data.x.$gt`).
  @IsOptional()
  @OpaqueJson()
  filter?: PayloadFilter | null;

  @ApiPropertyOptional({
    type: OAuth2Dto,
    nullable: true,
    description:
      'OAuth2 client credentials: every delivery carries `Authorization: Bearer <token>` from this token endpoint, cached until shortly before it expires. The client secret is stored encrypted and never answered.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OAuth2Dto)
  oauth2?: OAuth2Dto | null;
}
