import type { SecretCiphertextStore } from '@org/common';
import type {
  SubscriptionPatch,
  SubscriptionRecord,
  SubscriptionStatus,
} from '../interfaces/subscription.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';

/** What {@link SubscriptionStore.listSubscriptions} takes. */
export interface SubscriptionListQuery {
  scope: WorkspaceScope;
  status?: SubscriptionStatus;
  /** Only subscriptions with a greater id (the previous page's last). */
  after?: string;
  limit: number;
}

/**
 * Port for subscriptions. Deleted subscriptions are invisible to every method. As a
 * {@link SecretCiphertextStore} it lets key rotation re-encrypt the signing secrets of every workspace
 * (deleted subscriptions hold none).
 */
export interface SubscriptionStore extends SecretCiphertextStore {
  /** Stores a new subscription. */
  insertSubscription(record: SubscriptionRecord): Promise<void>;
  /** The subscription with `id` inside `scope`, or `null`. */
  findSubscription(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord | null>;
  /**
   * Subscriptions inside `scope`, ordered by id ascending, strictly after `after` when given, at most
   * `limit` rows (callers ask for one more than a page to learn whether there is more).
   */
  listSubscriptions(query: SubscriptionListQuery): Promise<SubscriptionRecord[]>;
  /** Applies `patch` and sets `updatedAt = now`; `null` when not found in `scope`. */
  updateSubscription(
    id: string,
    scope: WorkspaceScope,
    patch: SubscriptionPatch,
    now: Date,
  ): Promise<SubscriptionRecord | null>;
  /**
   * Deletes the subscription, erases its stored secrets and cancels its pending attempts; `false`
   * when not found in `scope`.
   */
  deleteSubscription(id: string, scope: WorkspaceScope, now: Date): Promise<boolean>;
  /**
   * Every live subscription with a client certificate (mutual TLS), soonest expiry first, at most
   * `limit`: the certificate expiry check and its metric read it.
   */
  listClientCertificates(limit: number): Promise<ClientCertificateListing[]>;
}

/** A subscription's client certificate as the expiry check sees it. */
export interface ClientCertificateListing {
  subscriptionId: string;
  workspace: string | null;
  name: string;
  url: string;
  expiresAt: Date;
  fingerprintSha256: string;
}

/** Injection token for {@link SubscriptionStore}. */
export const SubscriptionStore = Symbol('SubscriptionStore');
