import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace, ValidationFailedException } from '@org/common';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';
import { EventLogService } from '../events/event-log.service.js';
import { readEventEnvelope } from '../formats/event-envelope.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { FilterTestDto, FilterTestResponseDto } from './dto/filter-test.dto.js';
import { explainFilter, matchesFilter } from './payload-filter.evaluator.js';
import { parsePayloadFilter } from './payload-filter.parser.js';
import { parseStoredFilter } from './stored-filter.js';
import type { FilterNode } from './payload-filter.js';

/**
 * `POST /webhooks/filters/test`: whether a filter matches a published event, and why, with the
 * evaluator the in-memory fan-out runs (the PostgreSQL fan-out's compiled predicate agrees with it:
 * a property test holds both to the same answers). Registered before the subscriptions controller,
 * so Express does not take `filters` for a subscription id of `POST /webhooks/:id/test`.
 */
@ApiTags('webhooks')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks/filters')
export class FilterTestController {
  constructor(
    private readonly events: EventLogService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Post('test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Test a payload filter against an event',
    description:
      "Judges `filter` (or the stored filter of `subscription_id`) against a published event of the workspace: whether it matches, and each condition's operand, the event's value and outcome.",
  })
  @ApiOkResponse({ type: FilterTestResponseDto })
  @ApiBadRequestResponse({
    type: ApiErrorResponse,
    description: 'A bad filter, each bad part named by its path.',
  })
  @ApiNotFoundResponse({
    type: ApiErrorResponse,
    description: '`event_not_found` or `subscription_not_found`.',
  })
  async test(
    @Body() body: FilterTestDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<FilterTestResponseDto> {
    if ((body.filter === undefined) === (body.subscription_id === undefined))
      throw new ValidationFailedException([
        { field: 'filter', message: 'filter: give either filter or subscription_id' },
      ]);
    let filter: FilterNode | null;
    if (body.subscription_id !== undefined) {
      const stored = (await this.subscriptions.get(body.subscription_id, workspace)).filter;
      filter = stored === null ? null : parseStoredFilter(stored);
    } else {
      const parsed = parsePayloadFilter(body.filter);
      if (!parsed.ok) throw new ValidationFailedException(parsed.problems);
      filter = parsed.filter;
    }
    const record = await this.events.get(body.event_id, workspace);
    const event = { type: record.type, data: readEventEnvelope(record.payload).data };
    const conditions = filter === null ? [] : explainFilter(filter, event);
    return {
      data: {
        matches: filter === null || matchesFilter(filter, event),
        conditions: conditions.map(({ condition, field, matched }) => ({
          at: condition.at,
          path: condition.path,
          operator: condition.operator,
          operand: condition.operand,
          present: field.present,
          actual: field.present ? field.value : null,
          matched,
        })),
      },
    };
  }
}
