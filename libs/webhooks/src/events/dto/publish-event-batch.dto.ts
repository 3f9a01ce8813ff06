import { ApiProperty } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { OpaqueJson } from '@org/common';
import { MAX_BATCH_EVENTS } from '../../webhooks.constants.js';
import { PublishedEventDto } from './event.dto.js';
import { PublishEventDto } from './publish-event.dto.js';

/**
 * Body of `POST /events/batch`. The items are checked one by one by the route and `publishMany`
 * (each bad item named by index), not by class-validator: their `data` must reach the service exactly
 * as sent, and a thousand nested DTOs would cost more than the insert.
 */
export class PublishEventBatchDto {
  @ApiProperty({
    description: `1 to ${MAX_BATCH_EVENTS} events, each as the body of \`POST /events\` (\`type\`, \`data\`, optional \`idempotency_key\`).`,
    type: [PublishEventDto],
    minItems: 1,
    maxItems: MAX_BATCH_EVENTS,
  })
  @OpaqueJson()
  @IsArray()
  events!: unknown[];
}

/** `{ data }` of `POST /events/batch`: the events in the order sent. */
export class PublishedEventBatchResponseDto {
  @ApiProperty({ type: [PublishedEventDto] })
  data!: PublishedEventDto[];
}
