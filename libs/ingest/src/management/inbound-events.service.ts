import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  decodeCursor,
  isPrefixedId,
  mapPage,
  toPage,
  ValidationFailedException,
  type Page,
} from '@org/common';
import { InboundEventBusyException } from '../errors/inbound-event-busy.exception.js';
import { InboundEventNotFoundException } from '../errors/inbound-event-not-found.exception.js';
import { InboundEventNotRetryableException } from '../errors/inbound-event-not-retryable.exception.js';
import { INBOUND_EVENT_ID_PREFIX } from '../ingest.constants.js';
import type { InboundEventRecord } from '../interfaces/inbound-event.interface.js';
import { IngestStore } from '../storage/ingest-store.interface.js';
import { InboundEventWorker } from '../processing/inbound-event.worker.js';
import type { InboundEventDetailDto, InboundEventDto } from './dto/inbound-event.dto.js';
import type { ListInboundEventsQueryDto } from './dto/list-inbound-events-query.dto.js';
import type { RetryInboundEventsDto, RetryScheduledDto } from './dto/retry-inbound-events.dto.js';

/**
 * Reads inbound events and re-queues failed ones, mapping records to the API's snake_case. A caller
 * bound to workspace W sees only W's events (others answer 404); one bound to none sees every event.
 */
@Injectable()
export class InboundEventsService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(IngestStore) private readonly store: IngestStore,
    @Inject(Clock) private readonly clock: Clock,
    private readonly worker: InboundEventWorker,
  ) {}

  /** A page of the inbound events the caller sees (`workspace` null: every workspace's). */
  async list(
    { source, type, status, cursor, limit }: ListInboundEventsQueryDto,
    workspace: string | null = null,
  ): Promise<Page<InboundEventDto>> {
    const rows = await this.store.list({
      ...(workspace !== null ? { workspace } : {}),
      source,
      type,
      status,
      before: decodeCursor(cursor),
      limit: limit + 1,
    });
    return mapPage(
      toPage(rows, limit, (row) => row.id),
      toSummary,
    );
  }

  /** @throws InboundEventNotFoundException */
  async get(id: string, workspace: string | null = null): Promise<InboundEventDetailDto> {
    return toDetail(await this.find(id, workspace));
  }

  /** The visible event with this id. @throws InboundEventNotFoundException */
  private async find(id: string, workspace: string | null): Promise<InboundEventRecord> {
    const record = isPrefixedId(id, INBOUND_EVENT_ID_PREFIX) ? await this.store.findById(id) : null;
    if (!record || (workspace !== null && record.workspace !== workspace))
      throw new InboundEventNotFoundException();
    return record;
  }

  /**
   * Puts a failed event back in the queue with a fresh retry schedule and wakes the worker.
   * @throws InboundEventNotFoundException, InboundEventNotRetryableException (409, not failed)
   */
  async retry(id: string, workspace: string | null = null): Promise<InboundEventDetailDto> {
    await this.find(id, workspace);
    const outcome = await this.store.requeue(id, this.clock.now());
    if (outcome === 'not_found') throw new InboundEventNotFoundException();
    if (typeof outcome === 'object') throw new InboundEventNotRetryableException(outcome.notRetryable);
    // Read the requeued state before waking the worker: once woken it may claim the event at once,
    // and the answer must describe what the retry did (pending, attempts 0), not a later state.
    const requeued = await this.get(id, workspace);
    this.worker.wake();
    return requeued;
  }

  /**
   * Runs every handler of a processed or failed event again (after fixing a bug), from a clean
   * handler state. @throws InboundEventNotFoundException, InboundEventBusyException (409)
   */
  async replay(id: string, workspace: string | null = null): Promise<InboundEventDetailDto> {
    await this.find(id, workspace);
    const outcome = await this.store.replay(id, this.clock.now());
    if (outcome === 'not_found') throw new InboundEventNotFoundException();
    if (typeof outcome === 'object') throw new InboundEventBusyException(outcome.busy);
    const replayed = await this.get(id, workspace);
    this.worker.wake();
    return replayed;
  }

  /**
   * Puts the failed events of a range back in the queue, for the worker to handle in the background
   * (their statuses in the log show the progress). @throws ValidationFailedException when since > until
   */
  async retryRange(
    { source, since, until }: RetryInboundEventsDto,
    workspace: string | null = null,
  ): Promise<RetryScheduledDto> {
    const from = new Date(since);
    const to = until === undefined ? undefined : new Date(until);
    if (to && to.getTime() < from.getTime())
      throw new ValidationFailedException([{ field: 'until', message: 'until must not be before since' }]);
    const scheduled = await this.store.requeueRange({
      ...(workspace !== null ? { workspace } : {}),
      source,
      since: from,
      until: to,
      now: this.clock.now(),
    });
    if (scheduled > 0) this.worker.wake();
    return { scheduled };
  }
}

function toSummary(record: InboundEventRecord): InboundEventDto {
  return {
    id: record.id,
    source: record.source,
    source_type: record.sourceType,
    workspace: record.workspace,
    type: record.type,
    external_id: record.externalId,
    status: record.status,
    attempts: record.attempts,
    next_attempt_at: record.nextAttemptAt?.toISOString() ?? null,
    last_error: record.lastError,
    received_at: record.receivedAt.toISOString(),
    processed_at: record.processedAt?.toISOString() ?? null,
  };
}

function toDetail(record: InboundEventRecord): InboundEventDetailDto {
  return {
    ...toSummary(record),
    payload: record.payload,
    headers: record.headers,
    handlers: Object.entries(record.handlers).map(([handler, state]) => ({
      handler,
      status: state.status,
      attempts: state.attempts,
      last_error: state.lastError,
      last_attempt_at: state.lastAttemptAt.toISOString(),
    })),
  };
}
