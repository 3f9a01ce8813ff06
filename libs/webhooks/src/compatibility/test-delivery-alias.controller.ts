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
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { DELIVERY_EXAMPLES as EX } from '../delivery-api/dto/delivery-examples.js';
import { PingDto, type PingFailedResponseDto, type PingResponseDto } from '../delivery-api/dto/ping.dto.js';
import { pingAnswer } from '../delivery-api/ping-answer.js';
import { PingService } from '../delivery-api/ping.service.js';
import { ApiAliasesTag, ApiAliasOf } from './api-alias-of.decorator.js';
import type { CompatibleDtos } from './compatible-dtos.js';
import { WebhooksCompatibility } from './webhooks-compatibility.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/**
 * `POST /webhooks/:id/test` (Rex 001, Repull): the ping under their name, answered like the ping
 * (with Repull's fields when the module serves Repull). Made for a module from its DTO classes.
 */
export function TestDeliveryAliasController(dtos: CompatibleDtos): Type {
  @ApiAliasesTag('Rex 001, Repull')
  @ApiKeyProtected()
  @UseGuards(WebhooksManagementGuard)
  @Controller('webhooks')
  class TestDeliveryAliasController {
    constructor(
      private readonly pings: PingService,
      private readonly compatibility: WebhooksCompatibility,
    ) {}

    @Post(':id/test')
    @HttpCode(HttpStatus.OK)
    @ApiAliasOf(
      'POST /webhooks/{id}/ping',
      'Rex 001, Repull',
      "Sends a test delivery like `/ping` (optional `event_type`) and answers the same: `delivery_id` and, when the module serves Repull, Repull's `status`, `response_code` and `response_time_ms`.",
    )
    @ApiParam({ name: 'id', description: 'Subscription id (`whk_…`).', example: EX.subscriptionId })
    @ApiOkResponse({ type: dtos.pingResponse })
    @ApiBadGatewayResponse({
      type: dtos.pingFailedResponse,
      description: 'The endpoint answered non-2xx, or did not answer.',
    })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async test(
      @Param('id') id: string,
      @Body() body: PingDto,
      @CurrentWorkspace() workspace: string | null,
      @Res({ passthrough: true }) response: unknown,
    ): Promise<PingResponseDto | PingFailedResponseDto> {
      return pingAnswer(await this.pings.ping(id, workspace, body.event_type), response, this.compatibility);
    }
  }
  return TestDeliveryAliasController;
}
