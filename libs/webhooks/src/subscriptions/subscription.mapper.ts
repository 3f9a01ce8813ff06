import type { SubscriptionRecord } from '../interfaces/subscription.interface.js';
import type { SubscriptionDto } from './dto/subscription.dto.js';

/** The API shape of a subscription record: snake_case, ISO dates, and never its secrets. */
export function toSubscriptionDto(record: SubscriptionRecord): SubscriptionDto {
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    description: record.description,
    event_types: [...record.eventTypes],
    metadata: record.metadata,
    status: record.status,
    format: record.format,
    events: [...record.eventTypes],
    active: record.status === 'active',
    disabled_reason: record.disabledReason,
    failure_count: record.failureCount,
    last_delivered_at: record.lastDeliveredAt?.toISOString() ?? null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
  };
}
