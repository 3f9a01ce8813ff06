import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { PAYLOAD_FORMATS, type PayloadFormat } from '../../interfaces/subscription.interface.js';
import { OptionalNotNull } from '../../validation/optional-not-null.decorator.js';
import { aliasMeaning } from '../subscription-aliases.js';
import { AgreesWith } from './alias-field.validators.js';
import { SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';
import { IsEventTypePatternList } from './subscription-field.validators.js';
import { SubscriptionDeliverySettingsDto } from './delivery-settings.dto.js';

/**
 * Fields of the create and update bodies that the other documented systems send: `events`,
 * `active`, `enabled` (aliases, see `subscription-aliases.ts`) and `format`. A body giving two forms
 * of one field that disagree is a 400 naming both. The per-subscription delivery settings come from
 * the base class.
 */
export abstract class SubscriptionSeedFieldsDto extends SubscriptionDeliverySettingsDto {
  @ApiPropertyOptional({
    description: 'Alias of `event_types` (Rex 001, Rapidly, Apex, Repull).',
    type: [String],
    example: EX.eventTypes,
  })
  @OptionalNotNull()
  @IsEventTypePatternList()
  @AgreesWith(['event_types'], aliasMeaning)
  events?: string[];

  @ApiPropertyOptional({
    description: 'Alias of `status` (Repull): `true` = `active`, `false` = `paused`.',
    example: true,
  })
  @OptionalNotNull()
  @IsBoolean()
  @AgreesWith(['status', 'enabled'], aliasMeaning)
  active?: boolean;

  @ApiPropertyOptional({
    description: 'Alias of `status` (Rapidly): `true` = `active`, `false` = `paused`.',
    example: true,
  })
  @OptionalNotNull()
  @IsBoolean()
  @AgreesWith(['status'], aliasMeaning)
  enabled?: boolean;

  @ApiPropertyOptional({
    enum: PAYLOAD_FORMATS,
    example: 'raw',
    description:
      '`raw` (default): the event as stored, byte for byte. `slack` / `discord`: a message for an incoming-webhook URL of that service (`{text, blocks}` / `{content, embeds}`), built from the event type and data. Signature headers are sent in every format.',
  })
  @OptionalNotNull()
  @IsIn(PAYLOAD_FORMATS)
  format?: PayloadFormat;
}
