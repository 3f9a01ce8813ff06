import type { DeliveryAttemptRecord } from '../interfaces/delivery.interface.js';
import type { DeliveryAttemptDto } from './dto/delivery-attempt.dto.js';

/**
 * The API shape of an attempt: snake_case, ISO dates. `created_at` is when the attempt was made, or
 * for a pending one when it was scheduled (what an audit log reader means by "when").
 */
export function toDeliveryAttemptDto(record: DeliveryAttemptRecord): DeliveryAttemptDto {
  return {
    id: record.id,
    subscription_id: record.subscriptionId,
    event_id: record.eventId,
    event_type: record.eventType,
    attempt: record.attempt,
    status: record.status === 'cancelled' ? 'failed' : record.status,
    http_status: record.httpStatus,
    error: record.error,
    duration_ms: record.durationMs,
    created_at: (record.attemptedAt ?? record.createdAt).toISOString(),
    next_attempt_at: record.status === 'pending' ? record.nextAttemptAt.toISOString() : null,
    response_body: record.responseBody,
    test: record.test,
  };
}
