import type { PayloadFilter } from '../../filters/payload-filter.js';
import { PAYLOAD_FILTER_DESCRIPTION, PAYLOAD_FILTER_EXAMPLE } from '../../filters/payload-filter.swagger.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters, OpaqueJson } from '@org/common';
import { OptionalNotNull } from '../../validation/optional-not-null.decorator.js';
import { SUBSCRIPTION_STATUSES, type SubscriptionStatus } from '../../interfaces/subscription.interface.js';
import {
  MAX_CALLER_SECRET_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  MAX_SUBSCRIPTION_NAME_LENGTH,
  MAX_URL_LENGTH,
  MIN_CALLER_SECRET_LENGTH,
} from '../../webhooks.constants.js';
import { CALLER_SECRET_RULE, SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';
import {
  IsEventTypePatternList,
  IsSubscriptionMetadata,
  IsWebhookUrl,
} from './subscription-field.validators.js';
import { SubscriptionDeliverySettingsDto } from './delivery-settings.dto.js';
import { ClientTlsDto, ClientTlsField, CustomHeadersField } from './endpoint-credentials.dto.js';
import { OAuth2UpdateDto } from './oauth2.dto.js';

/**
 * Body of `PATCH /webhooks/:id`: any field of the create body, plus `status`. Absent fields stay as
 * they are; `null` is refused except for `description`, which it clears, and the delivery settings,
 * which it resets to the module's.
 */
export class UpdateSubscriptionDto extends SubscriptionDeliverySettingsDto {
  @ApiPropertyOptional({ example: EX.name, minLength: 1, maxLength: MAX_SUBSCRIPTION_NAME_LENGTH })
  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_SUBSCRIPTION_NAME_LENGTH)
  @NoControlCharacters()
  name?: string;

  @ApiPropertyOptional({ example: EX.url, maxLength: MAX_URL_LENGTH })
  @OptionalNotNull()
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
  @NoControlCharacters()
  url?: string;

  @ApiPropertyOptional({
    description:
      'Replaces the signing secret at once, with no overlap (use `PATCH /webhooks/{id}/secret` to rotate with a grace period). Not echoed back.',
    example: EX.secret,
    minLength: MIN_CALLER_SECRET_LENGTH,
    maxLength: MAX_CALLER_SECRET_LENGTH,
  })
  @OptionalNotNull()
  @IsString()
  @Length(MIN_CALLER_SECRET_LENGTH, MAX_CALLER_SECRET_LENGTH)
  @Matches(/^[\x21-\x7E]+$/, { message: `secret must be ${CALLER_SECRET_RULE}` })
  secret?: string;

  @ApiPropertyOptional({
    type: [String],
    example: EX.eventTypes,
    minItems: 1,
    maxItems: MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  })
  @OptionalNotNull()
  @IsEventTypePatternList()
  event_types?: string[];

  @ApiPropertyOptional({
    example: EX.description,
    maxLength: MAX_DESCRIPTION_LENGTH,
    nullable: true,
    description: '`null` clears it.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_DESCRIPTION_LENGTH)
  @NoControlCharacters()
  description?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: EX.metadata,
    description: 'Replaces the whole object.',
  })
  @OptionalNotNull()
  @OpaqueJson()
  @NoControlCharacters()
  @IsSubscriptionMetadata()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({
    enum: SUBSCRIPTION_STATUSES,
    example: 'paused',
    description:
      'Setting `active` on a paused or disabled subscription re-enables it and resets `failure_count` to 0.',
  })
  @OptionalNotNull()
  @IsIn(SUBSCRIPTION_STATUSES)
  status?: SubscriptionStatus;

  @CustomHeadersField()
  headers?: Record<string, string> | null;

  @ClientTlsField()
  tls?: ClientTlsDto | null;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: PAYLOAD_FILTER_EXAMPLE,
    description: `${PAYLOAD_FILTER_DESCRIPTION} Replaces the whole filter; \`null\` removes it.`,
  })
  // Checked by SubscriptionPolicy, which names each bad part by its path (`filter.data.x.$gt`).
  @IsOptional()
  @OpaqueJson()
  filter?: PayloadFilter | null;

  @ApiPropertyOptional({
    type: OAuth2UpdateDto,
    nullable: true,
    description:
      'Replaces the OAuth2 client credentials whole (`client_secret` may be left out to keep the stored one); `null` removes them.',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => OAuth2UpdateDto)
  oauth2?: OAuth2UpdateDto | null;
}
