import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiKeyProtected,
  CurrentWorkspace,
  decodeCursor,
  mapPage,
  setReplyHeader,
  setReplyStatus,
  type Page,
} from '@org/common';
import { CheckBodyPolicy } from '../validation/check-body-policy.decorator.js';
import {
  BATCH_BODY_LIMIT_LABEL,
  IDEMPOTENT_REPLAYED_HEADER,
  MAX_BATCH_EVENTS,
} from '../webhooks.constants.js';
import { toPublishItems } from './publish-items.mapper.js';
import { EventDetailResponseDto } from './dto/event-detail.dto.js';
import { EventPageDto, PublishedEventResponseDto, type EventDto } from './dto/event.dto.js';
import { ListEventsQueryDto } from './dto/list-events-query.dto.js';
import { PublishEventBatchDto, PublishedEventBatchResponseDto } from './dto/publish-event-batch.dto.js';
import { PublishEventDto } from './dto/publish-event.dto.js';
import { EventBodyPolicy } from '../validation/event-body.policy.js';
import { EventLogService } from './event-log.service.js';
import { toEventDetailDto, toEventDto, toPublishedEventDto } from './event.mapper.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/** `/events`: publish events and read the event log. */
@ApiTags('events')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('events')
export class EventsController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly log: EventLogService,
  ) {}

  @Post()
  @CheckBodyPolicy(PublishEventDto, EventBodyPolicy)
  @ApiOperation({
    summary: 'Publish an event',
    description:
      'Stores the event and delivers it to every matching subscription. With an `idempotency_key` used before (same workspace) for the same type and data (compared whatever the key order), nothing is published: the first event is returned with 200 and `Idempotent-Replayed: true`; with another type or data the answer is 409 `idempotency_conflict`. `data` is stored and delivered exactly as sent (keys such as `constructor` or `__proto__` included), nests at most 32 levels and holds no U+0000.',
  })
  @ApiCreatedResponse({ type: PublishedEventResponseDto, description: 'Published.' })
  @ApiOkResponse({
    type: PublishedEventResponseDto,
    description: 'Idempotent repeat: the event published first.',
  })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Invalid fields or an unknown event type.' })
  @ApiConflictResponse({
    type: ApiErrorResponse,
    description: '`idempotency_conflict`: the key was used for an event with another type or data.',
  })
  @ApiPayloadTooLargeResponse({ type: ApiErrorResponse, description: '`data` is over the size limit.' })
  async publish(
    @Body() body: PublishEventDto,
    @CurrentWorkspace() workspace: string | null,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<PublishedEventResponseDto> {
    const event = await this.webhooks.publish(body.type, body.data, {
      idempotencyKey: body.idempotency_key,
      workspace,
    });
    if (!event.created) {
      setReplyStatus(response, HttpStatus.OK);
      setReplyHeader(response, IDEMPOTENT_REPLAYED_HEADER, 'true');
    }
    return { data: toPublishedEventDto(event) };
  }

  @Post('batch')
  @ApiOperation({
    summary: 'Publish events in a batch',
    description: `Publishes 1 to ${MAX_BATCH_EVENTS} events atomically, in one transaction: all are stored, or none. Each item is the body of \`POST /events\` (\`type\`, \`data\`, optional \`idempotency_key\`, its own); the answer lists the events in the order sent. An item whose key was used before (same workspace) for the same type and data answers that first event and publishes nothing. A bad item is a 400 naming its index in \`details\` (\`events.3.type\`; every bad item is named) and a key used for another event a 409 \`idempotency_conflict\` naming its index; in both cases nothing of the batch is stored. The body may be up to ${BATCH_BODY_LIMIT_LABEL}, beside each event's own size limit.`,
  })
  @ApiCreatedResponse({ type: PublishedEventBatchResponseDto, description: 'Published, in order.' })
  @ApiBadRequestResponse({
    type: ApiErrorResponse,
    description: '`invalid_event` or `validation_failed`: the bad items, by index; nothing stored.',
  })
  @ApiConflictResponse({
    type: ApiErrorResponse,
    description: '`idempotency_conflict`: the items whose key was used for another event; nothing stored.',
  })
  @ApiPayloadTooLargeResponse({ type: ApiErrorResponse, description: 'The body is over its limit.' })
  async publishBatch(
    @Body() body: PublishEventBatchDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<PublishedEventBatchResponseDto> {
    const events = await this.webhooks.publishMany(toPublishItems(body.events), { workspace });
    return { data: events.map(toPublishedEventDto) };
  }

  @Get()
  @ApiOperation({
    summary: 'List events',
    description: 'Newest first; follow `next_cursor` while `has_more`.',
  })
  @ApiOkResponse({ type: EventPageDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  async list(
    @Query() query: ListEventsQueryDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<Page<EventDto>> {
    const page = await this.log.list({
      scope: workspace,
      type: query.type,
      before: decodeCursor(query.cursor),
      limit: query.limit,
    });
    return mapPage(page, toEventDto);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get an event',
    description:
      'The event, and in `deliveries` where it stands with each subscription it was fanned out to (status, attempts made, last attempt, next attempt). The id of a test delivery’s sample event answers the body that was sent, marked `test: true`.',
  })
  @ApiParam({ name: 'id', description: 'Event id (`evt_…`).', example: 'evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V' })
  @ApiOkResponse({ type: EventDetailResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<EventDetailResponseDto> {
    return { data: toEventDetailDto(await this.log.detail(id, workspace)) };
  }
}
