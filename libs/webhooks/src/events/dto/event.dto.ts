import { ApiProperty } from '@nestjs/swagger';
import { PageDto } from '@org/common';
import { EVENT_EXAMPLES as EX } from './event-examples.js';

/** A published event, as `POST /events` acknowledges it. */
export class PublishedEventDto {
  @ApiProperty({ example: EX.id })
  id!: string;

  @ApiProperty({ example: EX.type })
  type!: string;

  @ApiProperty({ format: 'date-time', example: EX.at })
  created_at!: string;
}

/** An event of the log, with its data. */
export class EventDto extends PublishedEventDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'acme',
    description: 'The workspace it was published in; null when made by a caller bound to none.',
  })
  workspace!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, example: EX.data })
  data!: Record<string, unknown>;
}

/** `{ data }` of `POST /events`. */
export class PublishedEventResponseDto {
  @ApiProperty({ type: PublishedEventDto })
  data!: PublishedEventDto;
}

/** One page of the event log, newest first. */
export class EventPageDto extends PageDto(EventDto) {}
