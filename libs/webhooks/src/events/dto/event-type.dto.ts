import { ApiProperty } from '@nestjs/swagger';

/** One entry of the event type catalogue. */
export class EventTypeDto {
  @ApiProperty({ example: 'contact.created' })
  name!: string;

  @ApiProperty({ example: 'A contact was created.' })
  description!: string;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'A realistic `data` object (sent by a test ping), or null.',
  })
  example!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    nullable: true,
    additionalProperties: true,
    description: 'JSON Schema (draft 2020-12) of `data`, or null when any object is accepted.',
  })
  schema!: Record<string, unknown> | null;
}

/** `{ data }` of `GET /webhooks/event-types`. */
export class EventTypeListDto {
  @ApiProperty({ type: [EventTypeDto] })
  data!: EventTypeDto[];
}
