import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { ApiAliasOf } from '../decorators/api-alias-of.decorator.js';
import { DeliveryActionsService } from './delivery-actions.service.js';
import { DELIVERY_EXAMPLES as EX } from './dto/delivery-examples.js';
import { PingDto, PingFailedResponseDto, PingResponseDto } from './dto/ping.dto.js';
import { EventRedeliveryResponseDto } from './dto/redelivery.dto.js';
import { pingAnswer, type StatusSettable } from './ping-answer.js';
import { PingService } from './ping.service.js';

/**
 * Other systems' routes for delivery actions: `POST /webhooks/:id/test` (Rex 001, Repull) for the
 * ping, and Rapidly's `POST /webhooks/events/:id/redeliver`, which redelivers an event to every
 * subscription that received it. Registered before the subscriptions and ingest controllers.
 */
@ApiKeyProtected()
@Controller('webhooks')
export class DeliveryAliasesController {
  constructor(
    private readonly pings: PingService,
    private readonly actions: DeliveryActionsService,
  ) {}

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiAliasOf(
    'POST /webhooks/{id}/ping',
    'Rex 001, Repull',
    "Sends a test delivery like `/ping` (optional `event_type`) and answers the same, including Repull's `delivery_id`, `status`, `response_code` and `response_time_ms`.",
  )
  @ApiParam({ name: 'id', description: 'Subscription id (`whk_…`).', example: EX.subscriptionId })
  @ApiOkResponse({ type: PingResponseDto })
  @ApiBadGatewayResponse({
    type: PingFailedResponseDto,
    description: 'The endpoint answered non-2xx, or did not answer.',
  })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async test(
    @Param('id') id: string,
    @Body() body: PingDto,
    @CurrentWorkspace() workspace: string | null,
    @Res({ passthrough: true }) response: StatusSettable,
  ): Promise<PingResponseDto | PingFailedResponseDto> {
    return pingAnswer(await this.pings.ping(id, workspace, body.event_type), response);
  }

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
