import type { TransportResult } from '../transport/transport-result.js';

/**
 * One request the module sent during a test (captured, or sent to a server the test opted into),
 * as `WebhooksTestbed.sent()` lists it.
 */
export interface SentWebhook<Body = unknown> {
  /** The event type (`order.paid`). */
  type: string;
  /** The event's `evt_` id (also the `webhook-id` header, the same on every attempt). */
  eventId: string;
  /** The `whs_` subscription it went to. */
  subscriptionId: string;
  /** The attempt's `whd_` id; `null` for a test delivery (ping). */
  deliveryId: string | null;
  /** 1 for the first attempt of a delivery run. */
  attempt: number;
  /** Where it went. */
  url: string;
  /** The body parsed as JSON (the exact bytes are in `rawBody`). */
  body: Body;
  /** The exact bytes sent, as signed. */
  rawBody: string;
  /** The request headers as sent (signature, `webhook-id`, event type, attempt, User-Agent, …). */
  headers: Record<string, string>;
  /**
   * Whether the request's signatures verify with the subscription's secrets at the clock's time: the
   * `t=…,v1=…` header with `verifySignatureHeader`, and the Standard Webhooks `webhook-signature`
   * when the module sends it. A receiver of this request would accept it.
   */
  signatureValid: boolean;
  /** The clock's time when it was sent. */
  sentAt: Date;
  /** The answer, as the delivery log records it (a scripted one, or the real server's). */
  answer: TransportResult;
  /** True when it went over the network to a server the test opted into (`network` option). */
  network: boolean;
}

/** A failed attempt that scheduled another, as a drain reports it. */
export interface ScheduledRetry {
  /** The `whd_` id of the next attempt. */
  deliveryId: string;
  /** The subscription it goes to. */
  subscriptionId: string;
  /** The event's `evt_` id. */
  eventId: string;
  /** The event type. */
  type: string;
  /** The next attempt's number. */
  attempt: number;
  /** When it is due: the retry schedule, the endpoint's Retry-After, or back-off. */
  at: Date;
}

/** One attempt a drain made. */
export interface DrainedAttempt {
  /** The attempt's `whd_` id. */
  deliveryId: string;
  /** The subscription it went to. */
  subscriptionId: string;
  /** True for a 2xx answer. */
  ok: boolean;
  /** The answer's status, `null` without one (timeout, network failure). */
  httpStatus: number | null;
  /** Why it failed (`HTTP 500`, `timeout after 10000 ms`, …), `null` on success. */
  error: string | null;
  /** What was sent; `null` when nothing could be (a secret that cannot be decrypted). */
  request: SentWebhook | null;
  /** The retry it scheduled, if any. */
  retry: ScheduledRetry | null;
}

/** What `WebhooksTestbed.drain()` / `advance()` did. */
export interface DrainReport {
  /** Every attempt made, in completion order. */
  attempts: DrainedAttempt[];
  /** The requests answered with a 2xx. */
  delivered: SentWebhook[];
  /** The attempts that failed (with or without a retry). */
  failed: DrainedAttempt[];
  /** The retries the failures scheduled, with their times. */
  retries: ScheduledRetry[];
}
