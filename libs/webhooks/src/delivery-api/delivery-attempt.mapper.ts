import type { LoggedDeliveryAttempt } from '../interfaces/event-delivery.interface.js';
import { toPublicFailure } from '../transport/public-failure.js';
import type { DeliveryAttemptDetailDto } from './dto/delivery-attempt-detail.dto.js';
import type { DeliveryAttemptDto } from './dto/delivery-attempt.dto.js';

/**
 * The API shape of an attempt: snake_case, ISO dates. `created_at` is when the attempt was made, or
 * for a pending one when it was scheduled (what an audit log reader means by "when"). Attempts
 * recorded with the transport's own DNS or blocked-address sentence read as `destination not allowed`.
 */
export function toDeliveryAttemptDto(stored: LoggedDeliveryAttempt): DeliveryAttemptDto {
  const record = toPublicFailure(stored);
  return {
    id: record.id,
    subscription_id: record.subscriptionId,
    event_id: record.eventId,
    event_type: record.eventType,
    workspace: record.workspace,
    attempt: record.attempt,
    status: record.status === 'cancelled' ? 'failed' : record.status,
    http_status: record.httpStatus,
    error: record.error,
    duration_ms: record.durationMs,
    created_at: (record.attemptedAt ?? record.createdAt).toISOString(),
    next_attempt_at:
      record.status === 'pending'
        ? record.nextAttemptAt.toISOString()
        : record.status === 'failed'
          ? (record.retryAt?.toISOString() ?? null)
          : null,
    response_body: record.responseBody,
    test: record.test,
    delivery_status: stored.deliveryStatus,
  };
}

/** An attempt with its full record: URL snapshot, request and response headers, error class. */
export function toDeliveryAttemptDetailDto(stored: LoggedDeliveryAttempt): DeliveryAttemptDetailDto {
  const record = toPublicFailure(stored);
  return {
    ...toDeliveryAttemptDto(record),
    url: record.url,
    request_headers: record.requestHeaders,
    response_headers: record.responseHeaders,
    error_class: record.errorClass,
  };
}
