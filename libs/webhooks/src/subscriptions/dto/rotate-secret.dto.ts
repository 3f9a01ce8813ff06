import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { OptionalNotNull } from '../../validation/optional-not-null.decorator.js';
import { MAX_CALLER_SECRET_LENGTH, MIN_CALLER_SECRET_LENGTH } from '../../webhooks.constants.js';
import { CALLER_SECRET_RULE, SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';

/** Optional body of `PATCH /webhooks/:id/secret`. */
export class RotateSecretDto {
  @ApiPropertyOptional({ description: 'The new secret; generated when omitted.', example: EX.secret })
  @OptionalNotNull()
  @IsString()
  @Length(MIN_CALLER_SECRET_LENGTH, MAX_CALLER_SECRET_LENGTH)
  @Matches(/^[\x21-\x7E]+$/, { message: `secret must be ${CALLER_SECRET_RULE}` })
  secret?: string;
}
