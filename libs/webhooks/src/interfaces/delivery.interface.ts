import type {
  ClientCertificate,
  PayloadFormat,
  StoredCredential,
  StoredSecret,
  SubscriptionOrdering,
} from './subscription.interface.js';
import type { OAuth2Settings } from './oauth2-settings.interface.js';

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
  /** The URL the attempt went to (the subscription's may change later); `null` while pending. */
  url: string | null;
  /** The request's headers (signatures, never secrets); `null` while pending. */
  requestHeaders: Record<string, string> | null;
  /** The endpoint's answer headers (bounded); `null` without an answer. */
  responseHeaders: Record<string, string> | null;
  /** Why it failed, for code (`http_status`, `timeout`, `connection_refused`, …); `null` on success. */
  errorClass: string | null;
  /** For a failed attempt with one left: when the next is due (the schedule, Retry-After or back-off). */
  retryAt: Date | null;
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
  /** The subscription's encrypted credentials (custom header values, client key, OAuth2 secret); absent: none. */
  credentials?: StoredCredential[];
  /** The subscription's client certificate (its key is in `credentials`); absent or `null`: none. */
  tls?: ClientCertificate | null;
  /** The subscription's OAuth2 grant (its secret is among `credentials`); absent or `null`: none. */
  oauth2?: OAuth2Settings | null;
  /** The subscription's payload format (`raw`: the body as stored). */
  format: PayloadFormat;
  /** The stored event body, sent as is. */
  payload: string;
  /** True when an earlier claim of this attempt had expired: a worker crashed or stalled mid-send. */
  recoveredLease?: boolean;
  /** The event's stored `traceparent` (its publish span), the parent of the attempt's span. */
  traceContext?: string | null;
  /** The subscription's own retry schedule text; absent or `null`: the module's. */
  retrySchedule?: string | null;
  /** The subscription's own timeout; absent or `null`: the module's. */
  timeoutMs?: number | null;
  /** The subscription's concurrency limit; absent or `null`: the worker's. */
  maxInFlight?: number | null;
  /** Consecutive back-pressure answers (429/502/503/504) so far: the next back-off grows with it. */
  backoffLevel?: number;
  /** The subscription's ordering: a FIFO head's outcome is recorded at once, its queue waits for it. */
  ordering?: SubscriptionOrdering;
}

/** What happened to a claimed attempt, recorded by `DeliveryQueue.recordAttempts`. */
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
  /** The URL the request went to. */
  url: string;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string> | null;
  /** The transport's failure code; `null` on success. */
  errorClass: string | null;
  /** Hold the subscription's other deliveries until then (Retry-After or back-off); `null`: no hold. */
  holdUntil: Date | null;
  /** A back-pressure answer without Retry-After: the subscription's back-off level goes up by one. */
  backoff: boolean;
  /** The endpoint answered 410 Gone: the subscription is disabled at once. */
  gone: boolean;
}
