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

/** A signing secret as stored: encrypted, with the end of its rotation overlap. */
export interface StoredSecret {
  /** AES-256-GCM ciphertext made by `SecretCipher`; the plain secret is never stored. */
  ciphertext: string;
  createdAt: Date;
  /** When a rotated-out secret stops signing; `null` for the current secret. */
  expiresAt: Date | null;
}

/** A webhook subscription as the stores hold it (persistence shape, not the API's). */
export interface SubscriptionRecord {
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
  lastDeliveredAt: Date | null;
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
  >
>;
