import type { PayloadFilter } from '../../filters/payload-filter.js';
import { PAYLOAD_FILTER_DESCRIPTION, PAYLOAD_FILTER_EXAMPLE } from '../../filters/payload-filter.swagger.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PAYLOAD_FORMATS,
  SUBSCRIPTION_ORDERINGS,
  SUBSCRIPTION_STATUSES,
  type PayloadFormat,
  type SubscriptionOrdering,
  type SubscriptionStatus,
} from '../../interfaces/subscription.interface.js';
import { SUBSCRIPTION_EXAMPLES as EX } from './subscription-examples.js';
import { ClientTlsAnswerDto } from './endpoint-credentials.dto.js';
import { OAuth2AnswerDto } from './oauth2.dto.js';

/**
 * A subscription as the API shows it. Never carries a secret. A module that serves other systems'
 * names adds theirs (`events`, `active`: `compatibility/subscription-aliases.ts`).
 */
export class SubscriptionDto {
  @ApiProperty({ example: EX.id })
  id!: string;

  @ApiProperty({ example: EX.name })
  name!: string;

  @ApiProperty({ example: EX.url })
  url!: string;

  @ApiProperty({ example: EX.description, nullable: true, type: String })
  description!: string | null;

  @ApiProperty({ type: [String], example: EX.eventTypes })
  event_types!: string[];

  @ApiProperty({ type: 'object', additionalProperties: true, example: EX.metadata })
  metadata!: Record<string, unknown>;

  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, example: 'active' })
  status!: SubscriptionStatus;

  @ApiProperty({ enum: PAYLOAD_FORMATS, example: 'raw', description: 'How deliveries are shaped.' })
  format!: PayloadFormat;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'acme',
    description: 'The workspace it belongs to; null when made by a caller bound to none.',
  })
  workspace!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: null, description: 'Why it was disabled.' })
  disabled_reason!: string | null;

  @ApiProperty({ example: 0, description: 'Consecutive failed attempts; any success resets it.' })
  failure_count!: number;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', example: '2026-03-16T11:55:00.000Z' })
  last_delivered_at!: string | null;

  @ApiProperty({ format: 'date-time', example: EX.at })
  created_at!: string;

  @ApiProperty({ format: 'date-time', example: EX.at })
  updated_at!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '0,1m,10m,1h',
    description: "Its own retry schedule; null: the module's.",
  })
  retry_schedule!: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: "Per-attempt timeout (ms); null: the module's.",
  })
  timeout_ms!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 20,
    description: 'Deliveries per second; null: unlimited.',
  })
  rate_limit!: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description: "Requests in flight at once; null: the worker's perSubscriptionConcurrency.",
  })
  max_in_flight!: number | null;

  @ApiProperty({ enum: SUBSCRIPTION_ORDERINGS, example: 'none' })
  ordering!: SubscriptionOrdering;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    example: null,
    description: 'Until when deliveries are held because the endpoint asked (Retry-After) or is backed off.',
  })
  held_until!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'X-Api-Key': '[redacted]' },
    description: 'Custom header names, each value shown as "[redacted]"; {} when none.',
  })
  headers!: Record<string, string>;

  @ApiProperty({
    type: ClientTlsAnswerDto,
    nullable: true,
    description: 'The client certificate (mutual TLS), never its key; null when none.',
  })
  tls!: ClientTlsAnswerDto | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: PAYLOAD_FILTER_EXAMPLE,
    description: `${PAYLOAD_FILTER_DESCRIPTION} \`null\`: every event.`,
  })
  filter!: PayloadFilter | null;

  @ApiProperty({
    type: OAuth2AnswerDto,
    nullable: true,
    description: 'The OAuth2 client credentials deliveries authenticate with (never the secret); null: none.',
  })
  oauth2!: OAuth2AnswerDto | null;
}
