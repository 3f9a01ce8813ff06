import { Controller, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiParam } from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { DeliveryActionsService } from '../delivery-api/delivery-actions.service.js';
import { DELIVERY_EXAMPLES as EX } from '../delivery-api/dto/delivery-examples.js';
import { ApiAliasesTag, ApiAliasOf } from './api-alias-of.decorator.js';
import { EventRedeliveryResponseDto } from './event-redelivery.dto.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/**
 * Rapidly's `POST /webhooks/events/:id/redeliver`: the event again for every subscription that
 * received it (our own redelivery is per subscription). `events` is a reserved ingest source name.
 */
@ApiAliasesTag('Rapidly')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks')
export class EventRedeliveryAliasController {
  constructor(private readonly actions: DeliveryActionsService) {}

  @Post('events/:id/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAliasOf(
    'POST /webhooks/{id}/events/{event_id}/redeliver',
    'Rapidly',
    'Schedules the event again (attempt 1, due now) for every subscription that received it.',
  )
  @ApiParam({ name: 'id', description: 'Event id (`evt_…`).', example: EX.eventId })
  @ApiAcceptedResponse({ type: EventRedeliveryResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown event.' })
  async redeliverEvent(
    @Param('id') eventId: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<EventRedeliveryResponseDto> {
    const ids = await this.actions.redeliverToRecipients(eventId, workspace);
    return { data: { event_id: eventId, delivery_ids: ids, status: 'pending' } };
  }
}
