import type { EventDeliverySummary } from '../interfaces/event-delivery.interface.js';
import type { EventRecord } from '../interfaces/webhook-event.interface.js';
import type { EventDeliveryDto, EventDetailDto } from './dto/event-detail.dto.js';
import type { EventDto, PublishedEventDto } from './dto/event.dto.js';
import type { EventDetail } from './event-log.service.js';
import type { PublishedEvent } from './published-event.interface.js';

/** The acknowledgement of a publish. */
export function toPublishedEventDto(event: PublishedEvent): PublishedEventDto {
  return { id: event.id, type: event.type, created_at: event.createdAt.toISOString() };
}

/** An event of the log: its data comes from the stored body, exactly what subscribers receive. */
export function toEventDto(record: EventRecord): EventDto {
  const body = JSON.parse(record.payload) as { data: Record<string, unknown> };
  return {
    id: record.id,
    type: record.type,
    created_at: record.createdAt.toISOString(),
    workspace: record.workspace,
    data: body.data,
  };
}

/** An event with its delivery status per subscription. */
export function toEventDetailDto(detail: EventDetail): EventDetailDto {
  return {
    ...toEventDto(detail.event),
    test: detail.test,
    deliveries: detail.deliveries.map(toEventDeliveryDto),
  };
}

function toEventDeliveryDto(delivery: EventDeliverySummary): EventDeliveryDto {
  return {
    subscription_id: delivery.subscriptionId,
    subscription_name: delivery.subscriptionName,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attempts,
    last_attempt_at: delivery.lastAttemptAt?.toISOString() ?? null,
    last_http_status: delivery.lastHttpStatus,
    next_attempt_at: delivery.nextAttemptAt?.toISOString() ?? null,
    delivered_attempt: delivery.deliveredAttempt,
  };
}
