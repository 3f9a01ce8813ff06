import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { InboundEventPageDto, InboundEventResponseDto } from './dto/inbound-event.dto.js';
import { ListInboundEventsQueryDto } from './dto/list-inbound-events-query.dto.js';
import { InboundEventsService } from './inbound-events.service.js';

const WORKSPACE_NOTE =
  'Only for API keys bound to no workspace: inbound events belong to the whole installation until sources have a workspace.';
const BOUND_KEY_NOTE = 'A key bound to a workspace always gets 404 `inbound_event_not_found`.';

/**
 * The inbound event log. Not signature-authenticated: the host's API-key guard protects it like its
 * other management endpoints, and Swagger says so (`api_key`/`bearer` schemes, 401). Inbound events
 * belong to no workspace (sources are configured for the whole installation), so only callers bound
 * to no workspace see or retry them; a workspace-bound caller gets 404 on every route.
 */
@ApiTags('ingest')
@ApiKeyProtected()
@Controller('inbound-events')
export class InboundEventsController {
  constructor(private readonly events: InboundEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List received webhook events, newest first', description: WORKSPACE_NOTE })
  @ApiOkResponse({ type: InboundEventPageDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'A bad filter, limit or cursor.' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: BOUND_KEY_NOTE })
  async list(
    @Query() query: ListInboundEventsQueryDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<InboundEventPageDto> {
    return this.events.list(query, workspace);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a received webhook event with its payload', description: WORKSPACE_NOTE })
  @ApiParam({ name: 'id', example: 'iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  @ApiOkResponse({ type: InboundEventResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: `Unknown id. ${BOUND_KEY_NOTE}` })
  async get(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<InboundEventResponseDto> {
    return { data: await this.events.get(id, workspace) };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run the handlers of a failed event again',
    description: `The event gets a fresh retry schedule. ${WORKSPACE_NOTE}`,
  })
  @ApiParam({ name: 'id', example: 'iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  @ApiAcceptedResponse({ type: InboundEventResponseDto, description: 'Queued; handlers run shortly.' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: `Unknown id. ${BOUND_KEY_NOTE}` })
  @ApiConflictResponse({
    type: ApiErrorResponse,
    description: 'The event has not failed: `inbound_event_not_failed`.',
  })
  async retry(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<InboundEventResponseDto> {
    return { data: await this.events.retry(id, workspace) };
  }
}
