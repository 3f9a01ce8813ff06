import type { ClientTlsInput } from './client-certificate.check.js';
import type { PayloadFilter } from '../filters/payload-filter.js';
import type {
  PayloadFormat,
  SubscriptionOrdering,
  SubscriptionStatus,
} from '../interfaces/subscription.interface.js';

/** Per-subscription delivery settings as given; absent: unchanged (create: the module's), `null`: the module's. */
export interface DeliverySettingsInput {
  /** In the `WEBHOOKS_RETRY_SCHEDULE` syntax. */
  retrySchedule?: string | null;
  timeoutMs?: number | null;
  rateLimit?: number | null;
  maxInFlight?: number | null;
  ordering?: SubscriptionOrdering;
}

/** OAuth2 client credentials as given (create: `clientSecret` required; update: absent keeps the stored one). */
export interface OAuth2Input {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope?: string | null;
  audience?: string | null;
}

/** What a new subscription needs (the API's create body, in domain terms). */
export interface CreateSubscriptionInput {
  name: string;
  url: string;
  /** The caller's own signing secret; generated when absent. */
  secret?: string;
  /** Patterns to receive; `['*']` when absent. */
  eventTypes?: string[];
  description?: string | null;
  metadata?: Record<string, unknown>;
  /** `raw` when absent. */
  format?: PayloadFormat;
  /** `active` when absent. */
  status?: 'active' | 'paused';
  /** How this endpoint is delivered to. */
  settings?: DeliverySettingsInput;
  /** Headers sent with every delivery (values are secrets); absent or `null`: none. */
  headers?: Record<string, string> | null;
  /** The client certificate presented to the endpoint (mutual TLS); absent or `null`: none. */
  tls?: ClientTlsInput | null;
  /** Which events it receives among its types; `null` or absent: all. */
  filter?: PayloadFilter | null;
  /** OAuth2 client credentials; absent or `null`: none. */
  oauth2?: OAuth2Input | null;
}

/** What an update may change; absent fields stay. `secret` replaces the signing secret without overlap. */
export interface UpdateSubscriptionInput {
  name?: string;
  url?: string;
  secret?: string;
  eventTypes?: string[];
  /** `null` clears it. */
  description?: string | null;
  metadata?: Record<string, unknown>;
  format?: PayloadFormat;
  status?: SubscriptionStatus;
  /** How this endpoint is delivered to. */
  settings?: DeliverySettingsInput;
  /** Replaces the custom headers whole; `null` removes them. */
  headers?: Record<string, string> | null;
  /** Replaces the client certificate; `null` removes it. */
  tls?: ClientTlsInput | null;
  /** Replaces the payload filter whole; `null` removes it. */
  filter?: PayloadFilter | null;
  /** Replaces the OAuth2 client credentials; `null` removes them. */
  oauth2?: OAuth2Input | null;
}
