import { ApiPropertyOptional } from '@nestjs/swagger';
import { PaginationQueryDto } from '@org/common';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import { EVENT_TYPE_NAME, MAX_EVENT_TYPE_LENGTH } from '../../webhooks.constants.js';

/** Query of `GET /events`: `cursor`, `limit` and a `type` filter. */
export class ListEventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only events of this type.', example: 'contact.created' })
  @IsOptional()
  @MaxLength(MAX_EVENT_TYPE_LENGTH)
  @Matches(EVENT_TYPE_NAME, { message: 'type must be an event type such as contact.created' })
  type?: string;
}
