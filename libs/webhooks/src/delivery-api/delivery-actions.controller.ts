import {
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Res,
  type Type,
  UseGuards,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import type { CompatibleDtos } from '../compatibility/compatible-dtos.js';
import { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import type { SubscriptionResponseDto } from '../subscriptions/dto/subscription-responses.dto.js';
import { toSubscriptionDto } from '../subscriptions/subscription.mapper.js';
import { DeliveryActionsService } from './delivery-actions.service.js';
import { DELIVERY_EXAMPLES as EX } from './dto/delivery-examples.js';
import { PingDto, type PingFailedResponseDto, type PingResponseDto } from './dto/ping.dto.js';
import { RecoverDto, RecoverResponseDto } from './dto/recover.dto.js';
import { RedeliveryResponseDto } from './dto/redelivery.dto.js';
import { ReplayDto } from './dto/replay.dto.js';
import { PingService } from './ping.service.js';
import { pingAnswer } from './ping-answer.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

const ID_PARAM = { name: 'id', description: 'Subscription id (`whk_…`).', example: EX.subscriptionId };

/**
 * Delivery actions on one subscription: test ping, replay from an event, recover a range, redelivery
 * of one event. Made for a module from its DTO classes (answers with the other systems' fields it serves).
 */
export function DeliveryActionsController(dtos: CompatibleDtos): Type {
  @ApiTags('webhook deliveries')
  @ApiKeyProtected()
  @UseGuards(WebhooksManagementGuard)
  @Controller('webhooks')
  class DeliveryActionsController {
    constructor(
      private readonly pings: PingService,
      private readonly actions: DeliveryActionsService,
      private readonly compatibility: WebhooksCompatibility,
    ) {}

    @Post(':id/ping')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({
      summary: 'Send a test ping',
      description:
        'Sends a sample event (of `event_type` when given) to the endpoint now, signed like a real delivery, and reports the result. ' +
        'The attempt is recorded in the delivery log (`test: true`, its id in `delivery_id`); the sample event is not stored and not sent to other subscriptions. A non-2xx answer or none at all gives a 502 with `error` and what was measured.',
    })
    @ApiParam(ID_PARAM)
    @ApiOkResponse({ type: dtos.pingResponse })
    @ApiBadGatewayResponse({
      type: dtos.pingFailedResponse,
      description: 'The endpoint answered non-2xx, or did not answer.',
    })
    @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Unknown or malformed `event_type`.' })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async ping(
      @Param('id') id: string,
      @Body() body: PingDto,
      @CurrentWorkspace() workspace: string | null,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<PingResponseDto | PingFailedResponseDto> {
      return pingAnswer(await this.pings.ping(id, workspace, body.event_type), response, this.compatibility);
    }

    @Post(':id/replay')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({
      summary: 'Replay events from a point',
      description:
        'Events published after `event_id` that the subscription matches are delivered again on the next dispatch cycle. Returns the subscription.',
    })
    @ApiParam(ID_PARAM)
    @ApiOkResponse({ type: dtos.subscriptionResponse })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    @ApiConflictResponse({
      type: ApiErrorResponse,
      description: '`test_delivery`: the event is the sample of a test delivery, never published.',
    })
    @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown subscription or event.' })
    async replay(
      @Param('id') id: string,
      @Body() body: ReplayDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<SubscriptionResponseDto> {
      const { subscription } = await this.actions.replay(id, body.event_id, workspace);
      return { data: toSubscriptionDto(subscription, this.compatibility) };
    }

    @Post(':id/recover')
    @HttpCode(HttpStatus.ACCEPTED)
    @ApiOperation({
      summary: 'Recover failed deliveries of a time range',
      description:
        'Sends again, once each, every event created in `[since, until)` whose latest delivery to this subscription failed (also when the subscription was disabled during the outage). `until` defaults to now; the window must lie within the retention.',
    })
    @ApiParam(ID_PARAM)
    @ApiAcceptedResponse({ type: RecoverResponseDto })
    @ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Malformed dates, `since` not before `until`, or a window older than the retention.',
    })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async recover(
      @Param('id') id: string,
      @Body() body: RecoverDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<RecoverResponseDto> {
      const scheduled = await this.actions.recover(
        id,
        { since: new Date(body.since), until: body.until === undefined ? undefined : new Date(body.until) },
        workspace,
      );
      return { data: { scheduled } };
    }

    @Post(':id/events/:event_id/redeliver')
    @HttpCode(HttpStatus.ACCEPTED)
    @ApiOperation({
      summary: 'Redeliver an event',
      description: 'Schedules one more delivery of the event to this subscription (attempt 1, due now).',
    })
    @ApiParam(ID_PARAM)
    @ApiParam({ name: 'event_id', description: 'Event id (`evt_…`).', example: EX.eventId })
    @ApiAcceptedResponse({ type: RedeliveryResponseDto })
    @ApiConflictResponse({
      type: ApiErrorResponse,
      description: '`test_delivery`: the event is the sample of a test delivery, never published.',
    })
    @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown subscription or event.' })
    async redeliver(
      @Param('id') id: string,
      @Param('event_id') eventId: string,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<RedeliveryResponseDto> {
      const deliveryId = await this.actions.redeliver(id, eventId, workspace);
      return { data: { delivery_id: deliveryId, status: 'pending' } };
    }
  }
  return DeliveryActionsController;
}
