import { ApiProperty } from '@nestjs/swagger';

/** One entry of the event type catalogue. */
export class EventTypeDto {
  @ApiProperty({ example: 'contact.created' })
  name!: string;

  @ApiProperty({ example: 'A contact was created.' })
  description!: string;
}

/** `{ data }` of `GET /webhooks/event-types`. */
export class EventTypeListDto {
  @ApiProperty({ type: [EventTypeDto] })
  data!: EventTypeDto[];
}
