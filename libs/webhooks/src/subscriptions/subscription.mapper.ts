import {
  subscriptionAnswerAliases,
  type SubscriptionAnswerAliases,
} from '../compatibility/subscription-aliases.js';
import type { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import type { SubscriptionRecord } from '../interfaces/subscription.interface.js';
import { formatRetrySchedule } from '../rules/retry-schedule.js';
import type { SubscriptionDeliverySettingsDto } from './dto/delivery-settings.dto.js';
import type { SubscriptionDto } from './dto/subscription.dto.js';
import type { DeliverySettingsInput } from './subscription-input.interface.js';
import { customHeaderNames } from './endpoint-credentials.js';
import { REDACTED_HEADER_VALUE } from '../delivery/recorded-request-headers.js';

/** The delivery settings of a create or update body, in domain terms (absent stays absent). */
export function deliverySettingsOf(body: SubscriptionDeliverySettingsDto): DeliverySettingsInput {
  return {
    retrySchedule: body.retry_schedule,
    timeoutMs: body.timeout_ms,
    rateLimit: body.rate_limit,
    maxInFlight: body.max_in_flight,
    ordering: body.ordering,
  };
}

/**
 * The API shape of a subscription record: snake_case, ISO dates, and never its secrets; with the
 * other systems' fields (`events`, `active`) when the module serves them.
 */
export function toSubscriptionDto(
  record: SubscriptionRecord,
  compatibility: WebhooksCompatibility,
): SubscriptionDto & SubscriptionAnswerAliases {
  return {
    id: record.id,
    name: record.name,
    url: record.url,
    description: record.description,
    event_types: [...record.eventTypes],
    metadata: record.metadata,
    status: record.status,
    format: record.format,
    workspace: record.workspace,
    ...subscriptionAnswerAliases(record, compatibility),
    disabled_reason: record.disabledReason,
    failure_count: record.failureCount,
    last_delivered_at: record.lastDeliveredAt?.toISOString() ?? null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    retry_schedule: record.retrySchedule === null ? null : formatRetrySchedule(record.retrySchedule),
    timeout_ms: record.timeoutMs,
    rate_limit: record.rateLimit,
    max_in_flight: record.maxInFlight,
    ordering: record.ordering,
    held_until: record.heldUntil?.toISOString() ?? null,
    headers: Object.fromEntries(
      customHeaderNames(record.credentials).map((name) => [name, REDACTED_HEADER_VALUE]),
    ),
    tls: record.tls && {
      client_cert: record.tls.cert,
      ca: record.tls.ca,
      client_cert_expires_at: record.tls.expiresAt.toISOString(),
      client_cert_subject: record.tls.subject,
      client_cert_fingerprint_sha256: record.tls.fingerprintSha256,
    },
    filter: record.filter,
    oauth2: record.oauth2
      ? {
          token_url: record.oauth2.tokenUrl,
          client_id: record.oauth2.clientId,
          scope: record.oauth2.scope,
          audience: record.oauth2.audience,
        }
      : null,
  };
}
