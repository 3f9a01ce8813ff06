import { ApiProperty } from '@nestjs/swagger';
import type { TransportResult } from '../transport/transport-result.js';
import type { AliasProperties } from './alias-properties.js';
import type { WebhooksCompatibility } from './webhooks-compatibility.js';

/** Repull's fields of a test delivery's answer (`POST /webhooks/:id/test`, and the ping's alike). */
export interface PingResultAliases {
  /** The outcome. */
  status?: 'success' | 'failed';
  /** Same as `http_status`. */
  response_code?: number | null;
  /** Same as `duration_ms`. */
  response_time_ms?: number;
}

/** The alias fields of a ping's answer that `compatibility` serves (none by default). */
export function pingResultAliases(
  result: Pick<TransportResult, 'ok' | 'httpStatus' | 'durationMs'>,
  compatibility: WebhooksCompatibility,
): PingResultAliases {
  if (!compatibility.has('pingResultFields')) return {};
  return {
    status: result.ok ? 'success' : 'failed',
    response_code: result.httpStatus,
    response_time_ms: result.durationMs,
  };
}

/** Repull's fields on the module's ping result class when it serves them. */
export const PING_RESULT_ALIASES: AliasProperties = {
  status: {
    alias: 'pingResultFields',
    decorators: [
      ApiProperty({
        enum: ['success', 'failed'],
        example: 'success',
        description: "Repull's name for the outcome.",
      }),
    ],
  },
  response_code: {
    alias: 'pingResultFields',
    decorators: [
      ApiProperty({
        type: Number,
        nullable: true,
        example: 200,
        description: "Repull's name of `http_status`.",
      }),
    ],
  },
  response_time_ms: {
    alias: 'pingResultFields',
    decorators: [ApiProperty({ type: Number, example: 150, description: "Repull's name of `duration_ms`." })],
  },
};
