import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected } from '@org/common';
import { EventTypeNotFoundException } from '../errors/event-type-not-found.exception.js';
import { EventTypeListDto, EventTypeResponseDto } from './dto/event-type.dto.js';
import { EventTypeCatalogue } from './event-type.catalogue.js';
import { toEventTypeDto } from './event-type.mapper.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/**
 * `GET /webhooks/event-types` and `/webhooks/event-types/:name`. Registered before the subscriptions
 * controller so that this static path is matched before `GET /webhooks/:id`.
 */
@ApiTags('webhooks')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks/event-types')
export class EventTypesController {
  constructor(private readonly catalogue: EventTypeCatalogue) {}

  @Get()
  @ApiOperation({
    summary: 'List event types',
    description:
      'The catalogue subscriptions and publishes are checked against (empty: any type), each type with the JSON Schema of its `data` and an example (`null` when it has none).',
  })
  @ApiOkResponse({ type: EventTypeListDto })
  list(): EventTypeListDto {
    return { data: this.catalogue.list().map(toEventTypeDto) };
  }

  @Get(':name')
  @ApiOperation({
    summary: 'Get an event type',
    description: 'One type of the catalogue: its description, the JSON Schema of its `data`, its example.',
  })
  @ApiParam({ name: 'name', description: 'Event type name.', example: 'contact.created' })
  @ApiOkResponse({ type: EventTypeResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: '`event_type_not_found`.' })
  get(@Param('name') name: string): EventTypeResponseDto {
    const type = this.catalogue.find(name);
    if (!type) throw new EventTypeNotFoundException(name);
    return { data: toEventTypeDto(type) };
  }
}
