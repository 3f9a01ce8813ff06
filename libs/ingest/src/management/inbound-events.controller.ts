import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
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
import { RetryInboundEventsDto, RetryScheduledResponseDto } from './dto/retry-inbound-events.dto.js';
import { InboundEventsService } from './inbound-events.service.js';
import { IngestManagementGuard } from '../auth/ingest-management.guard.js';

const WORKSPACE_NOTE =
  "A key bound to no workspace sees every event; a key bound to a workspace sees only its own sources' events " +
  '(events of sources configured at start-up belong to no workspace).';
const BOUND_KEY_NOTE =
  "A key bound to a workspace gets 404 `inbound_event_not_found` for another workspace's event or a configured source's.";

/**
 * The inbound event log. Not signature-authenticated: the module's `authorize` option says who may
 * call it (`IngestManagementGuard`), and Swagger says so (`api_key`/`bearer` schemes, 401). An event belongs
 * to its source's workspace (none for configured sources): a caller bound to no workspace sees and
 * retries every event, one bound to workspace W only W's (the list is filtered, other ids are 404).
 */
@ApiTags('ingest')
@ApiKeyProtected()
@UseGuards(IngestManagementGuard)
@Controller('inbound-events')
export class InboundEventsController {
  constructor(private readonly events: InboundEventsService) {}

  @Get()
  @ApiOperation({ summary: 'List received webhook events, newest first', description: WORKSPACE_NOTE })
  @ApiOkResponse({ type: InboundEventPageDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'A bad filter, limit or cursor.' })
  async list(
    @Query() query: ListInboundEventsQueryDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<InboundEventPageDto> {
    return this.events.list(query, workspace);
  }

  @Post('retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Retry the failed events of a time range',
    description:
      'Puts every failed event received in [since, until) back in the queue (only their failed handlers run ' +
      'again); they are handled in the background and their statuses in the log show the progress. ' +
      WORKSPACE_NOTE,
  })
  @ApiAcceptedResponse({ type: RetryScheduledResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'A bad range (e.g. since after until).' })
  async retryRange(
    @Body() body: RetryInboundEventsDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<RetryScheduledResponseDto> {
    return { data: await this.events.retryRange(body, workspace) };
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
    summary: 'Run the failed handlers of a failed event again',
    description: `The event gets a fresh retry schedule; handlers that succeeded are not run again. ${WORKSPACE_NOTE}`,
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

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run every handler of an event again',
    description: `For a processed or failed event, after fixing a handler: all handlers run again from a clean state. ${WORKSPACE_NOTE}`,
  })
  @ApiParam({ name: 'id', example: 'iev_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  @ApiAcceptedResponse({ type: InboundEventResponseDto, description: 'Queued; handlers run shortly.' })
  @ApiNotFoundResponse({ type: ApiErrorResponse, description: `Unknown id. ${BOUND_KEY_NOTE}` })
  @ApiConflictResponse({
    type: ApiErrorResponse,
    description: 'Still pending or processing: `inbound_event_busy`.',
  })
  async replay(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<InboundEventResponseDto> {
    return { data: await this.events.replay(id, workspace) };
  }
}
