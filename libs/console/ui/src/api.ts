/** One page of a list endpoint. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** A subscription as the API returns it. */
export interface Subscription {
  /** Its workspace (null: none), on servers that say so. */
  workspace?: string | null;
  id: string;
  name: string;
  url: string;
  description: string | null;
  event_types: string[];
  status: 'active' | 'paused' | 'disabled';
  disabled_reason: string | null;
  failure_count: number;
  last_delivered_at: string | null;
  created_at: string;
  /** Per-subscription delivery settings, on servers that have them (`null`: the module's default). */
  retry_schedule?: string | null;
  timeout_ms?: number | null;
  rate_limit?: number | null;
  max_in_flight?: number | null;
  ordering?: 'none' | 'fifo';
  /** Custom headers sent with every delivery: names, values always `[redacted]` (servers that have them). */
  headers?: Record<string, string> | null;
  /** The client certificate presented to the endpoint (mutual TLS); never its key. */
  tls?: ClientTls | null;
  /** OAuth2 client credentials the endpoint's tokens come from; never the secret. */
  oauth2?: OAuth2Client | null;
  /** Only events matching this filter are delivered. */
  filter?: Record<string, unknown> | null;
}

/** A subscription's client certificate as answered. */
export interface ClientTls {
  client_cert: string;
  ca: string | null;
  client_cert_expires_at: string;
  client_cert_subject: string;
  client_cert_fingerprint_sha256: string;
}

/** A subscription's OAuth2 client as answered (the secret is write-only). */
export interface OAuth2Client {
  token_url: string;
  client_id: string;
  scope: string | null;
  audience: string | null;
}

/** One delivery attempt of the log. */
export interface DeliveryAttempt {
  /** Its workspace (null: none), on servers that say so. */
  workspace?: string | null;
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status: 'success' | 'failed' | 'pending';
  http_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: string;
  next_attempt_at: string | null;
  response_body: string | null;
  /** Its (event, subscription) pair's status now (absent on servers without it). */
  delivery_status?: DeliveryStatus;
  /** A test delivery (ping) rather than a published event (absent on servers without it). */
  test?: boolean;
}

/** The status of an (event, subscription) pair, derived from its attempts. */
export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed' | 'cancelled';

/** Every delivery status, in the order filters offer them. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'retrying',
  'delivered',
  'failed',
  'cancelled',
];

/** One subscription an event was fanned out to, with its pair's status (`GET /events/:id`). */
export interface EventDelivery {
  subscription_id: string;
  /** Null when the subscription was deleted. */
  subscription_name: string | null;
  url: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_attempt_at: string | null;
  last_http_status: number | null;
  next_attempt_at: string | null;
  /** The attempt number that succeeded, or null. */
  delivered_attempt: number | null;
}

/** The full record of one attempt (`GET /webhooks/:id/deliveries/:attempt_id`). */
export interface AttemptDetail extends DeliveryAttempt {
  url?: string | null;
  request_headers?: Record<string, string> | null;
  request_body?: string | null;
  response_headers?: Record<string, string> | null;
  error_class?: string | null;
}

/** A published event. */
export interface WebhookEvent {
  /** Its workspace (null: none), on servers that say so. */
  workspace?: string | null;
  id: string;
  type: string;
  created_at: string;
  data: Record<string, unknown>;
  /** Per subscription it was fanned out to (`GET /events/:id` only, not the list). */
  deliveries?: EventDelivery[];
  /** The sample event of a test delivery. */
  test?: boolean;
}

/** An entry of the event-type catalogue. */
export interface EventType {
  name: string;
  description: string;
  /** A realistic `data` object, what a test event of this type sends (absent on older servers). */
  example?: Record<string, unknown> | null;
  /** JSON Schema (2020-12) of `data`; null when the type accepts any object. */
  schema?: Record<string, unknown> | null;
}

/** An inbound (received) webhook event. */
export interface InboundEvent {
  /** Its source's workspace (null: a source from the environment). */
  workspace?: string | null;
  id: string;
  source: string;
  type: string;
  external_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  received_at: string;
}

/** A configured inbound source (`/inbound-sources`). */
export interface InboundSource {
  id: string;
  name: string;
  type: string;
  url: string;
}

/** An error answered by the API, from its `{error:{code,message,details}}` envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }

  /** The message and every named problem, for display. */
  describe(): string {
    const extra = this.details.map((d) => d.message).filter((m) => !this.message.includes(m));
    return [this.message, ...extra].join(' ');
  }
}

type Query = Record<string, string | number | undefined | null>;

/**
 * The REST API as the UI calls it: the same endpoints a customer calls with curl, authorised by an
 * API key (console) or a portal token (portal). The credential lives only in this object and the
 * tab's session storage.
 */
export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly authorization: string,
    /** The workspace a key bound to none acts in (`X-Workspace-Id`); null: across all. */
    readonly workspace: string | null = null,
  ) {}

  /** A client sending the key as `Authorization: Bearer <key>`, in `workspace` when given. */
  static withKey(base: string, key: string, workspace: string | null = null): ApiClient {
    return new ApiClient(base, `Bearer ${key}`, workspace);
  }

  /** A client of a portal session. */
  static withPortalToken(base: string, token: string): ApiClient {
    return new ApiClient(base, `Portal ${token}`);
  }

  /** The same credential acting in `workspace` (null: the key's own, or across all). */
  inWorkspace(workspace: string | null): ApiClient {
    return new ApiClient(this.base, this.authorization, workspace);
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path + toQueryString(query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  patch<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Authorization: this.authorization, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.workspace) headers['X-Workspace-Id'] = this.workspace;
    const response = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string; details?: [] } })?.error;
      throw new ApiError(
        response.status,
        error?.code ?? 'http_error',
        error?.message ?? `HTTP ${response.status}`,
        error?.details,
      );
    }
    return parsed as T;
  }
}

function toQueryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
