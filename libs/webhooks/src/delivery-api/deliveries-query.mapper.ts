import type { DeliveryFilterAliasFields } from '../compatibility/delivery-filter-aliases.js';
import type { DeliveryLogFilters } from './delivery-log.service.js';
import type { DeliveriesQueryDto } from './dto/list-deliveries-query.dto.js';

/**
 * The delivery log filters of a validated `GET /webhooks/deliveries` query, from our names or
 * Rapidly's (`endpoint_id`, `start_timestamp`/`end_timestamp`, `succeeded`, `http_code_class`) when
 * the module serves them; the query class has refused aliases that disagree with their canonical filter.
 */
export function toDeliveryLogFilters(
  query: DeliveriesQueryDto & DeliveryFilterAliasFields,
): DeliveryLogFilters {
  const statusClass = query.http_status_class ?? query.http_code_class;
  const since = query.since ?? query.start_timestamp;
  const until = query.until ?? query.end_timestamp;
  const succeeded = query.succeeded === undefined ? undefined : query.succeeded === 'true';
  return {
    subscriptionId: query.subscription_id ?? query.endpoint_id,
    eventType: query.event_type,
    status: query.status ?? (succeeded === undefined ? undefined : succeeded ? 'success' : 'failed'),
    httpStatusClass: statusClass ? (Number(statusClass[0]) as 2 | 3 | 4 | 5) : undefined,
    since: since ? new Date(since) : undefined,
    until: until ? new Date(until) : undefined,
    text: query.query,
    deliveryStatus: query.delivery_status,
  };
}
