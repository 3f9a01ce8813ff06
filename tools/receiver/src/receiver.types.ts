import type { IncomingHttpHeaders } from 'node:http';

/**
 * The result of checking one signature scheme on one request:
 * `valid`, `invalid` (with a reason), `missing` (the request carries no such header) or `skipped`
 * (the receiver has no secret to check with).
 */
export interface SchemeVerification {
  status: 'valid' | 'invalid' | 'missing' | 'skipped';
  /** Why it is not valid, e.g. `no matching signature`, `timestamp outside tolerance (412 s)`. */
  reason?: string;
}

/** How the receiver answers one request. */
export interface ResponsePlan {
  /** @default 200 */
  status?: number;
  /** Wait this long before answering (to provoke timeouts). @default 0 */
  delayMs?: number;
  /** @default 'ok' for 2xx, a short reason otherwise */
  body?: string;
  headers?: Record<string, string>;
}

/** One request as it arrived, with both verifications and the answer given. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/webhooks?x=1`. */
  path: string;
  /** Lower-cased header names, as Node gives them. */
  headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  rawBody: Buffer;
  /** `rawBody` as UTF-8. */
  body: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  json: unknown;
  receivedAt: Date;
  /** From `X-Webhook-Event-Id`, else `webhook-id`, else the body's `id`. */
  eventId: string | null;
  /** From `X-Webhook-Event-Type`, else the body's `event`. */
  eventType: string | null;
  /** From `X-Webhook-Attempt`. */
  attempt: number | null;
  verification: {
    /** The `t=…,v1=…` header (name configurable). */
    signature: SchemeVerification;
    /** `webhook-id` / `webhook-timestamp` / `webhook-signature`. */
    standardWebhooks: SchemeVerification;
  };
  /** The answer chosen for this request. */
  response: { status: number; delayMs: number };
}

/** Options of `createReceiver`. */
export interface ReceiverOptions {
  /** Secrets to verify with (any may match: rotation). @default [] (verification `skipped`) */
  secrets?: readonly string[];
  /** Header carrying `t=…,v1=…`. @default 'X-Rex-Signature' */
  signatureHeader?: string;
  /** Chooses the answer; return nothing for `200 ok`. */
  respond?: (request: RecordedRequest) => ResponsePlan | undefined | void;
  /** Answer 401 when no present signature scheme is valid, as a real listener would. @default false */
  rejectInvalidSignatures?: boolean;
  /** Largest accepted distance between a signed timestamp and now, either way; `null` to skip. @default 300 */
  toleranceSeconds?: number | null;
  /** "Now" for the tolerance check, for senders driven by a manual clock. @default () => new Date() */
  now?: () => Date;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (any free port) */
  port?: number;
  /** Called after each request is recorded (the CLI prints it). */
  onRequest?: (request: RecordedRequest) => void;
}

/** A running receiver. */
export interface Receiver {
  /** `http://<host>:<port>/webhooks` (any path is accepted). */
  url: string;
  port: number;
  /** Every request so far, oldest first (live array). */
  requests: RecordedRequest[];
  /**
   * Resolves with the requests once at least `count` have arrived.
   * @throws Error naming how many arrived when `timeoutMs` (default 15000: generous, since a loaded CI machine can be slow; a wait only lasts that long when it fails) passes first.
   */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stops listening, drops open connections and pending delayed answers. */
  close(): Promise<void>;
}
