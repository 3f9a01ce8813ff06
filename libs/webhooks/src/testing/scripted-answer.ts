import type { SentWebhook } from './sent-webhook.js';

/** How a test's endpoint answers one request (`WebhooksTestbed.respond`). */
export interface ScriptedAnswer {
  /** HTTP status. @default 200 */
  status?: number;
  /** Answer headers, e.g. `{ 'retry-after': '30' }` (names are matched in lower case, as on the wire). */
  headers?: Record<string, string>;
  /** Answer body. @default '' */
  body?: string;
  /**
   * How long the endpoint takes to answer, in clock time: the attempt's recorded duration, and at or
   * past the request's timeout (the subscription's, else `requestTimeoutMs`) the attempt fails as a
   * timeout. Nothing waits in real time and the clock does not move.
   * @default 0
   */
  delayMs?: number;
}

/** What a request looks like to a {@link Responder}: everything but its answer. */
export type PendingRequest = Omit<SentWebhook, 'answer' | 'network'>;

/** An endpoint that decides each answer itself (may publish, throw nothing, be async). */
export type Responder = (request: PendingRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;
