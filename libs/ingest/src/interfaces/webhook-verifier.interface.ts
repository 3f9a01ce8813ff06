/** A webhook request as verifiers see it: the exact bytes plus what the signature schemes need. */
export interface WebhookRequest {
  /** The configured source name from the path. */
  source: string;
  /** HTTP method, upper case. */
  method: string;
  /**
   * The URL the sender called, as it saw it: `publicUrl` (when configured) or the request's own
   * protocol and host, followed by the original path and query. HubSpot v2/v3 sign it.
   */
  url: string;
  /** The original path and query, e.g. `/api/webhooks/hubspot?portal=1`. */
  path: string;
  /** Request headers with lower-cased names; repeated headers are joined with `, `. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body exactly as received. */
  rawBody: Buffer;
  /** The media type without parameters, lower case (`application/json`), or `''`. */
  contentType: string;
  /** When the request arrived, from the module's clock: signature windows are measured against it. */
  receivedAt: Date;
}

/** One event found in a verified request. */
export interface ParsedWebhookEvent {
  /** The sender's id of the event: the dedupe key within the source. */
  externalId: string;
  /** The event type handlers are matched on. */
  type: string;
  /** The event's parsed payload. */
  payload: unknown;
}

/**
 * Checks that a request really comes from its sender and turns it into events. The library ships
 * verifiers for Stripe, GitHub, HubSpot, generic HMAC schemes and Standard Webhooks; register your own
 * class under `verifiers` in the module options for anything else.
 *
 * @example
 * ```ts
 * @Injectable()
 * export class AcmeVerifier implements WebhookVerifier {
 *   constructor(private readonly config: ConfigService) {}
 *   verify(request: WebhookRequest) {
 *     const expected = createHmac('sha256', this.config.get('ACME_SECRET')).update(request.rawBody).digest('hex');
 *     return safeEqual(expected, request.headers['x-acme-signature'] ?? '');
 *   }
 *   parse(request: WebhookRequest) {
 *     const payload = parseJsonBody(request.rawBody) as { id: string; kind: string };
 *     return [{ externalId: payload.id, type: payload.kind, payload }];
 *   }
 * }
 * ```
 */
export interface WebhookVerifier {
  /**
   * True when the request is authentic and fresh. Must compare in constant time, must not throw for
   * bad input (return false), and must not say why it failed.
   */
  verify(request: WebhookRequest): boolean | Promise<boolean>;
  /**
   * Turns a verified request into its events (usually one).
   * @throws MalformedWebhookError when the body cannot be understood (answered with 400).
   */
  parse(request: WebhookRequest): ParsedWebhookEvent[];
  /**
   * A handshake the sender expects answered rather than stored (Slack's `url_verification`): called
   * after `verify`; a returned object is the 200 body and nothing is stored.
   */
  challengeResponse?(request: WebhookRequest): Record<string, unknown> | undefined;
  /** Media types this source accepts. @default ['application/json'] */
  readonly contentTypes?: readonly string[];
  /** Request headers (lower case) to keep with the stored events, besides content-type and user-agent. */
  readonly storedHeaders?: readonly string[];
}
