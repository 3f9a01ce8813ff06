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
  /** Headers other than the delivery's own and HTTP's framing, named as sent: a subscription's custom headers. */
  customHeaders: Record<string, string>;
  /** The client certificate's subject (`CN=acme-sender`) when the receiver demands one (`tls.clientCa`), else `null`. */
  clientCertificateSubject: string | null;
  /**
   * `Authorization: Bearer …` checked against the tokens the receiver issued (with `oauth2Clients`;
   * `skipped` without), with the number of the token (1 for the first issued, …).
   */
  bearer: SchemeVerification & { token?: number };
}

/** HTTPS for the receiver, and the client certificates it demands. */
export interface ReceiverTls {
  /** The receiver's certificate (chain), PEM. */
  cert: string | Buffer;
  /** Its private key, PEM. */
  key: string | Buffer;
  /** CA certificate(s), PEM: demand a client certificate signed by one of them (mutual TLS); a handshake without one fails. */
  clientCa?: string | Buffer;
}

/** A client the receiver's token endpoint knows (client credentials grant). */
export interface OAuth2Client {
  id: string;
  secret: string;
}

/** One request to the receiver's token endpoint (`POST /oauth/token`). */
export interface TokenRequest {
  receivedAt: Date;
  /** From `Authorization: Basic`, or `null` when it had none. */
  clientId: string | null;
  grantType: string | null;
  scope: string | null;
  audience: string | null;
  /** 200 when a token was issued; 400, 401 or 405 with the OAuth `error` otherwise. */
  status: number;
  error?: string;
  /** The number of the token issued: 1 for the first, … */
  token?: number;
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
  /** Listen on HTTPS with this certificate; with `clientCa`, demand client certificates. @default plain HTTP */
  tls?: ReceiverTls;
  /**
   * Serve the client credentials grant at `POST /oauth/token` for these clients (HTTP Basic), and
   * answer 401 to webhook requests without `Authorization: Bearer <a token issued here, unexpired>`.
   * @default [] (no token endpoint, no bearer check)
   */
  oauth2Clients?: readonly OAuth2Client[];
  /** Lifetime of the tokens issued (`expires_in`). @default 300 */
  tokenLifetimeSeconds?: number;
  /** Called after each token request is answered (the CLI prints it). */
  onTokenRequest?: (request: TokenRequest) => void;
  /** Called when a TLS handshake fails, e.g. a client without a certificate signed by `tls.clientCa` (the CLI prints it). */
  onTlsError?: (error: Error) => void;
}

/** A running receiver. */
export interface Receiver {
  /** `http://<host>:<port>/webhooks` (`https://` with `tls`; any path is accepted). */
  url: string;
  port: number;
  /** Every request so far, oldest first (live array); token requests are not among them. */
  requests: RecordedRequest[];
  /** Every request to the token endpoint so far, oldest first (live array). */
  tokenRequests: TokenRequest[];
  /**
   * Resolves with the requests once at least `count` have arrived.
   * @throws Error naming how many arrived when `timeoutMs` (default 15000: generous, since a loaded CI machine can be slow; a wait only lasts that long when it fails) passes first.
   */
  waitFor(count: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  /** Stops listening, drops open connections and pending delayed answers. */
  close(): Promise<void>;
}
