import type { OAuth2Settings } from './oauth2-settings.interface.js';
import type { PayloadFilter } from '../filters/payload-filter.js';

/** Lifecycle of a subscription: only `active` ones receive deliveries; the others hold them. */
export type SubscriptionStatus = 'active' | 'paused' | 'disabled';

/** The subscription statuses, for validation and Swagger. */
export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = ['active', 'paused', 'disabled'];

/**
 * How a subscription's deliveries are shaped: `raw` sends the stored event body byte for byte,
 * `slack` and `discord` send a message those incoming-webhook URLs render, built from the event.
 */
export type PayloadFormat = 'raw' | 'slack' | 'discord';

/** The payload formats, for validation and Swagger. */
export const PAYLOAD_FORMATS: readonly PayloadFormat[] = ['raw', 'slack', 'discord'];
/** How a subscription's deliveries are ordered: `fifo` sends them one at a time in publish order. */
export type SubscriptionOrdering = 'none' | 'fifo';

/** The orderings, for validation and Swagger. */
export const SUBSCRIPTION_ORDERINGS: readonly SubscriptionOrdering[] = ['none', 'fifo'];

/**
 * How one endpoint is delivered to; `null` fields follow the module's options (so changing those
 * changes every subscription that did not choose its own).
 */
export interface SubscriptionDeliverySettings {
  /** Delays before each attempt in ms; `null`: the module's `retrySchedule`. */
  retrySchedule: number[] | null;
  /** Per-attempt timeout; `null`: the module's `requestTimeoutMs`. */
  timeoutMs: number | null;
  /** Deliveries per second to this endpoint across all instances; `null`: unlimited. */
  rateLimit: number | null;
  /** Requests in flight to this endpoint at once; `null`: the worker's `perSubscriptionConcurrency`. */
  maxInFlight: number | null;
  ordering: SubscriptionOrdering;
}

/** A signing secret as stored: encrypted, with the end of its rotation overlap. */
export interface StoredSecret {
  /** AES-256-GCM ciphertext made by `SecretCipher`; the plain secret is never stored. */
  ciphertext: string;
  createdAt: Date;
  /** When a rotated-out secret stops signing; `null` for the current secret. */
  expiresAt: Date | null;
}

/** What a {@link StoredCredential} is for. */
export type CredentialUse = 'header' | 'tls_client_key' | 'oauth2_client_secret';

/**
 * A secret part of how an endpoint is called (a custom header's value, a client certificate's private
 * key, an OAuth2 client secret), stored like signing secrets: encrypted by `SecretCipher`, so the
 * key-ring rotation re-encrypts it; never answered after it is set.
 */
export interface StoredCredential {
  use: CredentialUse;
  /** The header's name for `header`; absent otherwise. */
  name?: string;
  /** AES-256-GCM ciphertext made by `SecretCipher`. */
  ciphertext: string;
}

/**
 * The public part of a subscription's client certificate for mutual TLS (its private key is a
 * {@link StoredCredential} of use `tls_client_key`).
 */
export interface ClientCertificate {
  /** The certificate (chain), PEM, as given. */
  cert: string;
  /** The CA certificates the endpoint's certificate is verified against, PEM; `null`: the usual trust. */
  ca: string | null;
  /** The certificate's end of validity. */
  expiresAt: Date;
  /** Its subject, e.g. `CN=acme-sender`. */
  subject: string;
  /** SHA-256 fingerprint, `AB:CD:…` as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprintSha256: string;
}

/** A webhook subscription as the stores hold it (persistence shape, not the API's). */
export interface SubscriptionRecord extends SubscriptionDeliverySettings {
  /** `whk_` id. */
  id: string;
  /** Owning workspace, or `null` for subscriptions made by keys bound to none. */
  workspace: string | null;
  name: string;
  url: string;
  description: string | null;
  /** Event type patterns: exact names, `prefix.*` or `*` (all). Never empty (`['*']` when omitted). */
  eventTypes: string[];
  metadata: Record<string, unknown>;
  /** How deliveries are shaped (`raw` unless chosen). */
  format: PayloadFormat;
  status: SubscriptionStatus;
  /** Why the subscription was disabled automatically (or by whom), `null` otherwise. */
  disabledReason: string | null;
  /** Consecutive failed attempts; any success resets it. */
  failureCount: number;
  /** Newest first: the current secret, then rotated-out ones still inside their overlap. */
  secrets: StoredSecret[];
  /** The secret parts of how the endpoint is called, encrypted; `[]` when none. */
  credentials: StoredCredential[];
  /** The client certificate presented to the endpoint (mutual TLS); `null`: none. */
  tls: ClientCertificate | null;
  /** The OAuth2 client credentials grant whose bearer token every delivery carries; absent or `null`: none. */
  oauth2?: OAuth2Settings | null;
  lastDeliveredAt: Date | null;
  /**
   * Which events the subscription receives among those its `eventTypes` cover (see
   * `filters/payload-filter.ts`); `null`: all of them. Stored as given, checked before.
   */
  filter: PayloadFilter | null;
  /** Until when the endpoint asked not to be called (Retry-After) or is backed off; `null`: not held. */
  heldUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields an update may change; absent fields stay as they are. */
export type SubscriptionPatch = Partial<
  Pick<
    SubscriptionRecord,
    | 'name'
    | 'url'
    | 'description'
    | 'eventTypes'
    | 'metadata'
    | 'format'
    | 'status'
    | 'disabledReason'
    | 'failureCount'
    | 'secrets'
    | 'credentials'
    | 'tls'
    | 'oauth2'
    | 'filter'
    | keyof SubscriptionDeliverySettings
  >
>;
