import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { NoControlCharacters, NoNulCharacters, OpaqueJson } from '@org/common';
import {
  EVENT_TYPE_NAME,
  MAX_EVENT_TYPE_LENGTH,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from '../../webhooks.constants.js';
import { EVENT_EXAMPLES as EX } from './event-examples.js';

/** Body of `POST /events`. */
export class PublishEventDto {
  @ApiProperty({
    description: 'Event type; must be in the catalogue when one is configured.',
    example: EX.type,
    maxLength: MAX_EVENT_TYPE_LENGTH,
  })
  @IsString()
  @MaxLength(MAX_EVENT_TYPE_LENGTH)
  @Matches(EVENT_TYPE_NAME, { message: 'type must be lowercase dot-separated words such as contact.created' })
  type!: string;

  @ApiProperty({
    description:
      'The event data: a JSON object, stored and delivered exactly as sent (at most 32 levels deep, no U+0000).',
    type: 'object',
    additionalProperties: true,
    example: EX.data,
  })
  @OpaqueJson()
  @IsObject()
  @NoNulCharacters()
  data!: Record<string, unknown>;

  @ApiPropertyOptional({
    description:
      'Publishing again with the same key (same workspace), type and data returns the first event with 200 and `Idempotent-Replayed: true`; another type or data is a 409 `idempotency_conflict`.',
    example: EX.idempotencyKey,
    minLength: 1,
    maxLength: MAX_IDEMPOTENCY_KEY_LENGTH,
  })
  @IsOptional()
  @IsString()
  @Length(1, MAX_IDEMPOTENCY_KEY_LENGTH)
  @NoControlCharacters()
  idempotency_key?: string;
}
