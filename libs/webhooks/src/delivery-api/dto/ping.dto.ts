import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiErrorBody } from '@org/common';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { EVENT_TYPE_NAME, MAX_EVENT_TYPE_LENGTH } from '../../webhooks.constants.js';

/** Body of `POST /webhooks/:id/ping` (optional). */
export class PingDto {
  @ApiPropertyOptional({
    example: 'contact.created',
    description:
      "Send a realistic sample of this event type (the catalogue's example when it has one). Default: `webhook.ping`.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_EVENT_TYPE_LENGTH)
  @Matches(EVENT_TYPE_NAME, {
    message: 'event_type must be lowercase dot-separated words such as contact.created',
  })
  event_type?: string;
}

/**
 * What the endpoint did with the test delivery. A module serving Repull adds Repull's fields
 * (`compatibility/ping-aliases.ts`).
 */
export class PingResultDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 200,
    description: 'null when the endpoint did not answer.',
  })
  http_status!: number | null;

  @ApiProperty({ example: 150 })
  duration_ms!: number;

  @ApiProperty({
    example: 'whd_01JD3K7Q8XGZ4M5N6P7R8S9T0W',
    description: 'The test attempt in the delivery log.',
  })
  delivery_id!: string;
}

/** 200 answer of a ping the endpoint accepted (2xx). */
export class PingResponseDto {
  @ApiProperty({ type: PingResultDto })
  data!: PingResultDto;
}

/** What a failed ping measured, the example of {@link PingFailedResponseDto}. */
export const FAILED_PING_EXAMPLE = {
  http_status: 500,
  duration_ms: 87,
  delivery_id: 'whd_01JD3K7Q8XGZ4M5N6P7R8S9T0W',
} as const;

/** 502 answer of a ping the endpoint refused or never answered: the reason and what was measured. */
export class PingFailedResponseDto {
  @ApiProperty({
    type: ApiErrorBody,
    example: {
      code: 'ping_failed',
      message: 'The endpoint did not accept the test delivery: HTTP 500.',
      details: [{ field: 'url', message: 'HTTP 500' }],
    },
  })
  error!: ApiErrorBody;

  @ApiProperty({ type: PingResultDto, example: FAILED_PING_EXAMPLE })
  data!: PingResultDto;
}
