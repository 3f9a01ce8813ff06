import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { SUBSCRIPTION_EXAMPLES as EX } from '../subscriptions/dto/subscription-examples.js';
import { IsEventTypePatternList } from '../subscriptions/dto/subscription-field.validators.js';
import { OptionalNotNull } from '../validation/optional-not-null.decorator.js';
import type { AliasProperties } from './alias-properties.js';
import { aliasMeaning } from './subscription-aliases.js';

/**
 * `events`, `active` and `enabled` of `POST /webhooks` and `PATCH /webhooks/:id` (and their
 * aliases), added to the module's body classes when it serves them (see `subscription-aliases.ts`).
 */
export const SUBSCRIPTION_BODY_ALIASES: AliasProperties = {
  events: {
    alias: 'eventsField',
    decorators: [
      ApiPropertyOptional({
        description: 'Alias of `event_types` (Rex 001, Rapidly, Apex, Repull).',
        type: [String],
        example: EX.eventTypes,
      }),
      OptionalNotNull(),
      IsEventTypePatternList(),
    ],
    agreesWith: { fields: ['event_types'], meaning: aliasMeaning },
  },
  active: {
    alias: 'activeField',
    decorators: [
      ApiPropertyOptional({
        type: Boolean,
        description: 'Alias of `status` (Repull): `true` = `active`, `false` = `paused`.',
        example: true,
      }),
      OptionalNotNull(),
      IsBoolean(),
    ],
    agreesWith: { fields: ['status', 'enabled'], meaning: aliasMeaning },
  },
  enabled: {
    alias: 'enabledField',
    decorators: [
      ApiPropertyOptional({
        type: Boolean,
        description: 'Alias of `status` (Rapidly): `true` = `active`, `false` = `paused`.',
        example: true,
      }),
      OptionalNotNull(),
      IsBoolean(),
    ],
    agreesWith: { fields: ['status'], meaning: aliasMeaning },
  },
};

/**
 * The update body's: also `status`, which is canonical and in the table only to be refused when
 * `active` or `enabled` (whichever is served) says otherwise.
 */
export const UPDATE_SUBSCRIPTION_ALIASES: AliasProperties = {
  ...SUBSCRIPTION_BODY_ALIASES,
  status: {
    alias: ['activeField', 'enabledField'],
    agreesWith: { fields: ['active', 'enabled'], meaning: aliasMeaning },
  },
};

/** `events` and `active` of a subscription answer (`subscriptionAnswerAliases` fills them). */
export const SUBSCRIPTION_ANSWER_ALIASES: AliasProperties = {
  events: {
    alias: 'eventsField',
    decorators: [
      ApiProperty({
        type: [String],
        example: EX.eventTypes,
        description: "Same as `event_types` (other systems' name).",
      }),
    ],
  },
  active: {
    alias: 'activeAnswer',
    decorators: [
      ApiProperty({
        type: Boolean,
        example: true,
        description: "`status` is `active` (Repull's and Rapidly's boolean).",
      }),
    ],
  },
};
