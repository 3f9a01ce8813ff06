import { Inject, Injectable } from '@nestjs/common';
import { Clock, decodeCursor, isPrefixedId, mapPage, toPage, type Page } from '@org/common';
import { InboundEventNotFoundException } from '../errors/inbound-event-not-found.exception.js';
import { InboundEventNotRetryableException } from '../errors/inbound-event-not-retryable.exception.js';
import { INBOUND_EVENT_ID_PREFIX } from '../ingest.constants.js';
import type { InboundEventRecord } from '../interfaces/inbound-event.interface.js';
import { IngestStore } from '../storage/ingest-store.interface.js';
import { InboundEventWorker } from '../processing/inbound-event.worker.js';
import type { InboundEventDetailDto, InboundEventDto } from './dto/inbound-event.dto.js';
import type { ListInboundEventsQueryDto } from './dto/list-inbound-events-query.dto.js';

/**
 * Reads inbound events and re-queues failed ones, mapping records to the API's snake_case. A caller
 * bound to workspace W sees only W's events (others answer 404); one bound to none sees every event.
 */
@Injectable()
export class InboundEventsService {
  constructor(
    @Inject(IngestStore) private readonly store: IngestStore,
    @Inject(Clock) private readonly clock: Clock,
    private readonly worker: InboundEventWorker,
  ) {}

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
  return { ...toSummary(record), payload: record.payload, headers: record.headers };
}
