import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@org/common';
import { INBOUND_EVENT_STATUSES, type InboundEventStatus } from '../../interfaces/inbound-event.interface.js';

/** An inbound event in lists: what came in and where its processing stands. */
export class InboundEventDto {
  @ApiProperty({ example: 'iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  id!: string;

  @ApiProperty({ example: 'stripe' })
  source!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'stripe',
    description: 'Type of a source created over the API; null for configured sources.',
  })
  source_type!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'acme',
    description: "The source's workspace; null for configured sources.",
  })
  workspace!: string | null;

  @ApiProperty({ example: 'payment_intent.succeeded' })
  type!: string;

  @ApiProperty({
    example: 'evt_1PqR2sT3uV4wX5yZ',
    description: "The sender's own event id (the dedupe key).",
  })
  external_id!: string;

  @ApiProperty({ enum: INBOUND_EVENT_STATUSES, example: 'processed' })
  status!: InboundEventStatus;

  @ApiProperty({ example: 1, description: 'Processing attempts started.' })
  attempts!: number;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'When a pending event is due.',
  })
  next_attempt_at!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The last handler error.' })
  last_error!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T10:00:00.000Z' })
  received_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-24T10:00:00.120Z' })
  processed_at!: string | null;
}

/** One handler's outcome for an event. */
export class InboundEventHandlerDto {
  @ApiProperty({ example: 'IngestBridge.stripePaymentSucceeded', description: 'Handler id: Class.method.' })
  handler!: string;

  @ApiProperty({ enum: ['succeeded', 'failed'], example: 'succeeded' })
  status!: 'succeeded' | 'failed';

  @ApiProperty({ example: 1 })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: null })
  last_error!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-11-24T10:00:00.100Z' })
  last_attempt_at!: string;
}

/** One inbound event with its payload and kept headers. */
export class InboundEventDetailDto extends InboundEventDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { id: 'evt_1PqR2sT3uV4wX5yZ', type: 'payment_intent.succeeded' },
  })
  payload!: unknown;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { 'content-type': 'application/json' },
  })
  headers!: Record<string, string>;

  @ApiProperty({
    type: [InboundEventHandlerDto],
    description: 'Each handler that ran for the event: a retry reruns only the failed ones, a replay all.',
  })
  handlers!: InboundEventHandlerDto[];
}

/** `{ data }` wrapper of one inbound event. */
export class InboundEventResponseDto {
  @ApiProperty({ type: InboundEventDetailDto })
  data!: InboundEventDetailDto;
}

/** A page of inbound events, newest first. */
export class InboundEventPageDto extends PageDto(InboundEventDto) {}
