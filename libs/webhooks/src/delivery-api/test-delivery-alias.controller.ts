import { Body, Controller, HttpCode, HttpStatus, Param, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { ApiAliasesTag, ApiAliasOf } from '../decorators/api-alias-of.decorator.js';
import { DELIVERY_EXAMPLES as EX } from './dto/delivery-examples.js';
import { PingDto, PingFailedResponseDto, PingResponseDto } from './dto/ping.dto.js';
import { pingAnswer, type StatusSettable } from './ping-answer.js';
import { PingService } from './ping.service.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/** `POST /webhooks/:id/test` (Rex 001, Repull): the ping under their name. */
@ApiAliasesTag('Rex 001, Repull')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks')
export class TestDeliveryAliasController {
  constructor(private readonly pings: PingService) {}

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
}
