import { Inject, Injectable } from '@nestjs/common';
import { toPage, type Page } from '@org/common';
import { EventNotFoundException } from '../errors/event-not-found.exception.js';
import type { EventDeliverySummary } from '../interfaces/event-delivery.interface.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import { DeliveryLog } from '../storage/delivery-log.interface.js';
import { EventStore } from '../storage/event-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';

/** An event with where it stands with each subscription it was fanned out to (`GET /events/:id`). */
export interface EventDetail {
  /** The stored event, or the record of a test event made from the body its test delivery sent. */
  event: EventRecord;
  /** The sample event of a test delivery (ping): never published, read from the attempt that sent it. */
  test: boolean;
  /** One per subscription, by subscription id; a test event's: the subscription pinged. */
  deliveries: EventDeliverySummary[];
}

/** Reads the published events of a workspace scope (the `/events` log). */
@Injectable()
export class EventLogService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(EventStore) private readonly events: EventStore,
    @Inject(DeliveryLog)
    private readonly deliveries: Pick<DeliveryLog, 'listEventDeliveries' | 'findTestDelivery'>,
  ) {}

  /** A page of events, newest first. */
  async list(query: {
    scope: WorkspaceScope;
    type?: string;
    before?: string;
    limit: number;
  }): Promise<Page<EventRecord>> {
    const rows = await this.events.listEvents({ ...query, limit: query.limit + 1 });
    return toPage(rows, query.limit, (row) => row.id);
  }

  /** @throws EventNotFoundException when `id` is not in `scope`. */
  async get(id: string, scope: WorkspaceScope): Promise<EventRecord> {
    const event = await this.events.findEvent(id, scope);
    if (!event) throw new EventNotFoundException(id);
    return event;
  }

  /**
   * The event (or a test delivery's sample event) and its delivery status per subscription.
   * @throws EventNotFoundException when neither is in `scope`.
   */
  async detail(id: string, scope: WorkspaceScope): Promise<EventDetail> {
    const published = await this.events.findEvent(id, scope);
    const event = published ?? (await this.testEvent(id, scope));
    if (!event) throw new EventNotFoundException(id);
    const deliveries = await this.deliveries.listEventDeliveries(event, scope);
    return { event, test: !published, deliveries };
  }

  /** The sample event a test delivery sent, as a record; `null` without one (or without its body). */
  private async testEvent(id: string, scope: WorkspaceScope): Promise<EventRecord | null> {
    const ping = await this.deliveries.findTestDelivery(id, scope);
    if (!ping?.requestBody) return null;
    return {
      id: ping.eventId,
      workspace: ping.workspace,
      type: ping.eventType,
      payload: ping.requestBody,
      idempotencyKey: null,
      createdAt: ping.createdAt,
    };
  }
}
