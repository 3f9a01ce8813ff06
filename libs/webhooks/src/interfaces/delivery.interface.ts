import type { PayloadFormat, StoredSecret } from './subscription.interface.js';

/**
 * Status of one delivery attempt (`whd_` row). `pending` rows are scheduled attempts; an attempt
 * that fails with attempts left schedules the next one as a new `pending` row. `cancelled` rows
 * belong to deleted subscriptions.
 */
export type DeliveryStatus = 'pending' | 'success' | 'failed' | 'cancelled';

/** One delivery attempt as the delivery log shows it. */
export interface DeliveryAttemptRecord {
  /** `whd_` id. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  workspace: string | null;
  /** 1 for the first attempt of a delivery run. */
  attempt: number;
  status: DeliveryStatus;
  /** When a pending attempt is due. */
  nextAttemptAt: Date;
  httpStatus: number | null;
  /** Why the attempt failed (`HTTP 500`, `timeout after 10000 ms`, ...), `null` on success. */
  error: string | null;
  /** The endpoint's answer, truncated. */
  responseBody: string | null;
  durationMs: number | null;
  /** When the attempt was made, `null` while pending. */
  attemptedAt: Date | null;
  createdAt: Date;
  /** A test delivery (`/ping`, `/test`) of a synthetic event that was never stored or published. */
  test: boolean;
}

/** A due attempt claimed by a worker, with everything needed to send it without another query. */
export interface ClaimedDelivery {
  id: string;
  /** Proves ownership of the claim when recording; a stale worker's token no longer matches. */
  leaseToken: string;
  attempt: number;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  url: string;
  secrets: StoredSecret[];
  /** The subscription's payload format (`raw`: the body as stored). */
  format: PayloadFormat;
  /** The stored event body, sent as is. */
  payload: string;
  /** True when an earlier claim of this attempt had expired: a worker crashed or stalled mid-send. */
  recoveredLease?: boolean;
  /** The event's stored `traceparent` (its publish span), the parent of the attempt's span. */
  traceContext?: string | null;
}

/** What happened to a claimed attempt, recorded by `DeliveryStore.recordAttempts`. */
export interface AttemptOutcome {
  deliveryId: string;
  leaseToken: string;
  subscriptionId: string;
  ok: boolean;
  httpStatus: number | null;
  error: string | null;
  responseBody: string | null;
  durationMs: number;
  attemptedAt: Date;
  /** The next attempt to schedule when this one failed and attempts remain; `null` otherwise. */
  next: { id: string; attempt: number; at: Date } | null;
}
