import { Controller, Get, Param, Query, type Type, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiKeyProtected,
  CurrentWorkspace,
  decodeCursor,
  mapPage,
  type Page,
} from '@org/common';
import type { CompatibleDtos } from '../compatibility/compatible-dtos.js';
import { QueryAs } from '../validation/param-as.decorator.js';
import { toDeliveryLogFilters } from './deliveries-query.mapper.js';
import { toDeliveryAttemptDetailDto, toDeliveryAttemptDto } from './delivery-attempt.mapper.js';
import { DeliveryAttemptDetailResponseDto } from './dto/delivery-attempt-detail.dto.js';
import { DeliveryLogService } from './delivery-log.service.js';
import { DeliveryAttemptPageDto, type DeliveryAttemptDto } from './dto/delivery-attempt.dto.js';
import { DELIVERY_EXAMPLES } from './dto/delivery-examples.js';
import { SubscriptionDeliveriesQueryDto, type DeliveriesQueryDto } from './dto/list-deliveries-query.dto.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/**
 * The delivery log: `GET /webhooks/deliveries` (across subscriptions, with Rapidly's names of the
 * filters when the module serves them: made for a module from its DTO classes) and
 * `GET /webhooks/:id/deliveries` (Rex's per-subscription audit log). Registered before the
 * subscriptions controller so `deliveries` is not taken for a subscription id.
 */
export function DeliveriesController(dtos: CompatibleDtos): Type {
  @ApiTags('webhook deliveries')
  @ApiKeyProtected()
  @UseGuards(WebhooksManagementGuard)
  @Controller('webhooks')
  class DeliveriesController {
    constructor(private readonly log: DeliveryLogService) {}

    @Get('deliveries')
    @ApiOperation({
      summary: 'List delivery attempts across subscriptions',
      description:
        'Every attempt to deliver an event to an endpoint, newest first; follow `next_cursor` while `has_more`.',
    })
    @ApiOkResponse({ type: DeliveryAttemptPageDto })
    @ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Invalid filters, each named in `details`.',
    })
    async list(
      @QueryAs(dtos.deliveriesQuery) query: DeliveriesQueryDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<Page<DeliveryAttemptDto>> {
      const page = await this.log.list(workspace, toDeliveryLogFilters(query), {
        before: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return mapPage(page, toDeliveryAttemptDto);
    }

    @Get(':id/deliveries')
    @ApiOperation({
      summary: 'List delivery attempts of a subscription',
      description: 'Its audit log, newest first.',
    })
    @ApiParam({
      name: 'id',
      description: 'Subscription id (`whk_…`).',
      example: DELIVERY_EXAMPLES.subscriptionId,
    })
    @ApiOkResponse({ type: DeliveryAttemptPageDto })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async listForSubscription(
      @Param('id') id: string,
      @Query() query: SubscriptionDeliveriesQueryDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<Page<DeliveryAttemptDto>> {
      const page = await this.log.listForSubscription(id, workspace, {
        status: query.status,
        deliveryStatus: query.delivery_status,
        before: decodeCursor(query.cursor),
        limit: query.limit,
      });
      return mapPage(page, toDeliveryAttemptDto);
    }

    @Get(':id/deliveries/:attempt_id')
    @ApiOperation({
      summary: 'Get one delivery attempt',
      description:
        'The full record of an attempt: the URL it went to, the request headers, the response status, headers and (truncated) body, the duration and the error class.',
    })
    @ApiParam({
      name: 'id',
      description: 'Subscription id (`whk_…`).',
      example: DELIVERY_EXAMPLES.subscriptionId,
    })
    @ApiParam({
      name: 'attempt_id',
      description: 'Attempt id (`whd_…`).',
      example: DELIVERY_EXAMPLES.deliveryId,
    })
    @ApiOkResponse({ type: DeliveryAttemptDetailResponseDto })
    @ApiNotFoundResponse({ type: ApiErrorResponse, description: 'Unknown subscription or attempt.' })
    async getAttempt(
      @Param('id') id: string,
      @Param('attempt_id') attemptId: string,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<DeliveryAttemptDetailResponseDto> {
      return { data: toDeliveryAttemptDetailDto(await this.log.getAttempt(id, attemptId, workspace)) };
    }
  }
  return DeliveriesController;
}
