import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { DELIVERY_EXAMPLES as EX } from '../delivery-api/dto/delivery-examples.js';
import { HTTP_STATUS_CLASSES } from '../delivery-api/dto/list-deliveries-query.dto.js';
import type { FieldMeaning } from './alias-field.validators.js';
import type { AliasProperties } from './alias-properties.js';

/** `@AgreesWith` meaning of filters whose alias has the same form. */
export const sameValue: FieldMeaning = (_field, value) => value;

/** `@AgreesWith` meaning of timestamps: the instant, whatever the ISO 8601 spelling. */
export const sameInstant: FieldMeaning = (_field, value) =>
  typeof value === 'string' ? new Date(value).getTime() : value;

/** `@AgreesWith` meaning of Rapidly's `succeeded` in `status` terms. */
export const succeededMeaning: FieldMeaning = (field, value) =>
  field === 'succeeded' ? (value === 'true' ? 'success' : 'failed') : value;

/** Rapidly's names of the `GET /webhooks/deliveries` filters, present when the module serves them. */
export interface DeliveryFilterAliasFields {
  endpoint_id?: string;
  start_timestamp?: string;
  end_timestamp?: string;
  succeeded?: 'true' | 'false';
  http_code_class?: (typeof HTTP_STATUS_CLASSES)[number];
}

const timestamp = (alias: string, example: string) => [
  ApiPropertyOptional({ type: String, example, description: `Alias of \`${alias}\` (Rapidly).` }),
  IsOptional(),
  IsISO8601({ strict: true }),
];

/**
 * Rapidly's filters of `GET /webhooks/deliveries`, added to the module's query class when it serves
 * Rapidly; an alias and its canonical filter that disagree are a 400.
 */
export const DELIVERY_FILTER_ALIASES: AliasProperties = {
  endpoint_id: {
    alias: 'deliveryFilters',
    decorators: [
      ApiPropertyOptional({
        type: String,
        example: EX.subscriptionId,
        description: 'Alias of `subscription_id` (Rapidly).',
      }),
      IsOptional(),
      IsString(),
      MaxLength(100),
    ],
    agreesWith: { fields: ['subscription_id'], meaning: sameValue },
  },
  start_timestamp: {
    alias: 'deliveryFilters',
    decorators: timestamp('since', '2026-03-16T00:00:00Z'),
    agreesWith: { fields: ['since'], meaning: sameInstant },
  },
  end_timestamp: {
    alias: 'deliveryFilters',
    decorators: timestamp('until', '2026-03-17T00:00:00Z'),
    agreesWith: { fields: ['until'], meaning: sameInstant },
  },
  succeeded: {
    alias: 'deliveryFilters',
    decorators: [
      ApiPropertyOptional({
        enum: ['true', 'false'],
        description: 'Rapidly: `true` = `status=success`, `false` = `status=failed`.',
      }),
      IsOptional(),
      IsIn(['true', 'false']),
    ],
    agreesWith: { fields: ['status'], meaning: succeededMeaning },
  },
  http_code_class: {
    alias: 'deliveryFilters',
    decorators: [
      ApiPropertyOptional({
        enum: HTTP_STATUS_CLASSES,
        description: 'Alias of `http_status_class` (Rapidly).',
      }),
      IsOptional(),
      IsIn(HTTP_STATUS_CLASSES),
    ],
    agreesWith: { fields: ['http_status_class'], meaning: sameValue },
  },
};
