import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  PAYLOAD_FORMATS,
  SUBSCRIPTION_ORDERINGS,
  type PayloadFormat,
  type SubscriptionOrdering,
} from '../../interfaces/subscription.interface.js';
import { OptionalNotNull } from '../../validation/optional-not-null.decorator.js';
import {
  MAX_SUBSCRIPTION_IN_FLIGHT,
  MAX_SUBSCRIPTION_RATE_LIMIT,
  SUBSCRIPTION_TIMEOUT_RANGE_MS as TIMEOUT,
} from '../../webhooks.constants.js';
import { IsRetrySchedule } from './retry-schedule.validator.js';

/**
 * How deliveries to a subscription are shaped (`format`) and paced, in the create and update bodies.
 * Each is optional; leaving one out on create, or `null` where allowed, follows the module's option.
 */
export class SubscriptionDeliverySettingsDto {
  @ApiPropertyOptional({
    enum: PAYLOAD_FORMATS,
    example: 'raw',
    description:
      '`raw` (default): the event as stored, byte for byte. `slack` / `discord`: a message for an incoming-webhook URL of that service (`{text, blocks}` / `{content, embeds}`), built from the event type and data. Signature headers are sent in every format.',
  })
  @OptionalNotNull()
  @IsIn(PAYLOAD_FORMATS)
  format?: PayloadFormat;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '0,1m,10m,1h',
    description:
      "Delays before each attempt (same syntax as `WEBHOOKS_RETRY_SCHEDULE`: `ms`, `s`, `m`, `h`, `d`); the number of entries is the number of attempts. `null`: the module's schedule.",
  })
  @IsOptional()
  @IsRetrySchedule()
  retry_schedule?: string | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 5000,
    minimum: TIMEOUT.min,
    maximum: TIMEOUT.max,
    description: "Per-attempt timeout in ms. `null`: the module's `requestTimeoutMs`.",
  })
  @IsOptional()
  @IsInt()
  @Min(TIMEOUT.min)
  @Max(TIMEOUT.max)
  timeout_ms?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 20,
    minimum: 1,
    maximum: MAX_SUBSCRIPTION_RATE_LIMIT,
    description:
      'Most deliveries per second to this endpoint, counted across all instances (per whole second). `null`: unlimited.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SUBSCRIPTION_RATE_LIMIT)
  rate_limit?: number | null;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    example: 4,
    minimum: 1,
    maximum: MAX_SUBSCRIPTION_IN_FLIGHT,
    description:
      "Most requests in flight to this endpoint at once. `null`: the worker's `perSubscriptionConcurrency`.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_SUBSCRIPTION_IN_FLIGHT)
  max_in_flight?: number | null;

  @ApiPropertyOptional({
    enum: SUBSCRIPTION_ORDERINGS,
    example: 'none',
    description:
      '`fifo`: events are delivered strictly in publish order, one at a time; a failing event holds the next ones until it succeeds or its schedule is exhausted. `none` (default): in parallel.',
  })
  @OptionalNotNull()
  @IsIn(SUBSCRIPTION_ORDERINGS)
  ordering?: SubscriptionOrdering;
}
