import { ApiError, type ApiClient, type AttemptDetail, type DeliveryAttempt, type Page } from './api.js';

/** Pages of a subscription's log scanned for an attempt when the detail route is missing. */
const FALLBACK_PAGES = 5;

/**
 * One attempt's full record from `GET /webhooks/:id/deliveries/:attempt_id`; on an API without
 * that route, the attempt's row of the subscription's log (no request/response headers).
 */
export async function loadAttempt(
  api: ApiClient,
  subscriptionId: string,
  attemptId: string,
): Promise<AttemptDetail> {
  try {
    const detail = await api.get<{ data: AttemptDetail }>(
      `/webhooks/${encodeURIComponent(subscriptionId)}/deliveries/${encodeURIComponent(attemptId)}`,
    );
    return detail.data;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    let cursor: string | null = null;
    for (let page = 0; page < FALLBACK_PAGES; page++) {
      const result: Page<DeliveryAttempt> = await api.get(
        `/webhooks/${encodeURIComponent(subscriptionId)}/deliveries`,
        {
          limit: 200,
          cursor,
        },
      );
      const found = result.data.find((row) => row.id === attemptId);
      if (found) return found;
      if (!result.has_more) break;
      cursor = result.next_cursor;
    }
    throw error;
  }
}
