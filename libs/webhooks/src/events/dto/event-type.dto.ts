import { ApiProperty } from '@nestjs/swagger';

const EXAMPLE_SCHEMA = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string', format: 'email' } },
  required: ['id', 'email'],
  additionalProperties: false,
};

/** One entry of the event type catalogue. */
export class EventTypeDto {
  @ApiProperty({ example: 'contact.created' })
  name!: string;

  @ApiProperty({ example: 'A contact was created.' })
  description!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'The JSON Schema (draft 2020-12) of the `data` of this type: published data is checked against it. `null`: any object.',
    example: EXAMPLE_SCHEMA,
  })
  schema!: Record<string, unknown> | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'A realistic `data` object of this type (what "send a test event" delivers); `null`: none.',
    example: { id: 'con_123', email: 'ada@example.com' },
  })
  example!: Record<string, unknown> | null;
}

/** `{ data }` of `GET /webhooks/event-types`. */
export class EventTypeListDto {
  @ApiProperty({ type: [EventTypeDto] })
  data!: EventTypeDto[];
}

/** `{ data }` of `GET /webhooks/event-types/:name`. */
export class EventTypeResponseDto {
  @ApiProperty({ type: EventTypeDto })
  data!: EventTypeDto;
}
