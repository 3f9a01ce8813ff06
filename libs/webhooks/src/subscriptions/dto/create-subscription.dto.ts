import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  EVENT_TYPE_PATTERN,
  MAX_CALLER_SECRET_LENGTH,
  MAX_DESCRIPTION_LENGTH,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  MAX_SUBSCRIPTION_NAME_LENGTH,
  MAX_URL_LENGTH,
  MIN_CALLER_SECRET_LENGTH,
} from '../../webhooks.constants.js';
import {
  CALLER_SECRET_RULE,
  EVENT_TYPE_PATTERN_RULE,
  SUBSCRIPTION_EXAMPLES as EX,
} from './subscription-examples.js';
import { IsSubscriptionMetadata, IsWebhookUrl } from './subscription-field.validators.js';
import { SubscriptionDeliverySettingsDto } from './delivery-settings.dto.js';

/** Body of `POST /webhooks` (with the per-subscription delivery settings). */
export class CreateSubscriptionDto extends SubscriptionDeliverySettingsDto {
  @ApiProperty({
    description: 'Human-readable name.',
    example: EX.name,
    minLength: 1,
    maxLength: MAX_SUBSCRIPTION_NAME_LENGTH,
  })
  @IsString()
  @Length(1, MAX_SUBSCRIPTION_NAME_LENGTH)
  name!: string;

  @ApiProperty({
    description: 'HTTPS endpoint URL that receives the deliveries.',
    example: EX.url,
    maxLength: MAX_URL_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_URL_LENGTH)
  @IsWebhookUrl()
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
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EVENT_TYPES_PER_SUBSCRIPTION)
  @IsString({ each: true })
  @MaxLength(MAX_EVENT_TYPE_LENGTH, { each: true })
  @Matches(EVENT_TYPE_PATTERN, { each: true, message: `event_types must contain ${EVENT_TYPE_PATTERN_RULE}` })
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
  description?: string | null;

  @ApiPropertyOptional({
    description: 'Arbitrary key-value data (at most 50 keys, 8 KiB).',
    type: 'object',
    additionalProperties: true,
    example: EX.metadata,
  })
  @IsOptional()
  @IsSubscriptionMetadata()
  metadata?: Record<string, unknown>;
}
