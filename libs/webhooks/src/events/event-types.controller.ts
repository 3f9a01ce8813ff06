import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyProtected } from '@org/common';
import { EventTypeListDto } from './dto/event-type.dto.js';
import { EventTypeCatalogue } from './event-type.catalogue.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/**
 * `GET /webhooks/event-types`. Registered before the subscriptions controller so that this static
 * path is matched before `GET /webhooks/:id`.
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
    description: 'The catalogue subscriptions and publishes are checked against (empty: any type).',
  })
  @ApiOkResponse({ type: EventTypeListDto })
  list(): EventTypeListDto {
    return {
      data: this.catalogue.list().map(({ name, description, example, schema }) => ({
        name,
        description,
        example: example ?? null,
        schema: schema ?? null,
      })),
    };
  }
}
