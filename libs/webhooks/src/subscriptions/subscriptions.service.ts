import { Inject, Injectable } from '@nestjs/common';
import { Clock, newId, toPage, type Page } from '@org/common';
import { SubscriptionNotFoundException } from '../errors/subscription-not-found.exception.js';
import type {
  SubscriptionPatch,
  SubscriptionRecord,
  SubscriptionStatus,
} from '../interfaces/subscription.interface.js';
import { SubscriptionSecrets } from '../secrets/subscription-secrets.js';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';
import { SUBSCRIPTION_ID_PREFIX } from '../webhooks.constants.js';
import type { CreateSubscriptionInput, UpdateSubscriptionInput } from './subscription-input.interface.js';
import { SubscriptionPolicy } from './subscription-policy.js';
import { normalizeWebhookUrl } from '../transport/webhook-url.validator.js';
import { DEFAULT_DELIVERY_SETTINGS, toDeliverySettings } from './delivery-settings.js';
import { EndpointCredentials } from './endpoint-credentials.js';

/** Reason recorded when a caller disables a subscription through the API. */
export const DISABLED_BY_API_REASON = 'Disabled through the API.';

/** A subscription with the plain secret that was just issued (create and rotation only). */
export interface SubscriptionWithSecret {
  subscription: SubscriptionRecord;
  secret: string;
}

/**
 * Manages subscriptions within a workspace scope: the API's controller and hosts use it. Callers bound
 * to a workspace see only its subscriptions; new ones take the caller's workspace.
 */
@Injectable()
export class SubscriptionsService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(SubscriptionStore) private readonly store: SubscriptionStore,
    private readonly secrets: SubscriptionSecrets,
    private readonly policy: SubscriptionPolicy,
    @Inject(Clock) private readonly clock: Clock,
    private readonly endpointCredentials: EndpointCredentials,
  ) {}

  /**
   * Creates a subscription (active unless `input.status` is `paused`) in `scope`'s workspace.
   * @throws InvalidSubscriptionException when the URL or an event type is refused.
   */
  async create(input: CreateSubscriptionInput, scope: WorkspaceScope): Promise<SubscriptionWithSecret> {
    const eventTypes = input.eventTypes ? unique(input.eventTypes) : ['*'];
    const now = this.clock.now();
    this.assertAllowed(input, eventTypes, now);
    const settings = toDeliverySettings(input.settings);
    const issued = this.secrets.issue(input.secret ?? undefined);
    const endpoint = this.endpointCredentials.apply({ credentials: [], tls: null }, input, now);
    const subscription: SubscriptionRecord = {
      id: newId(SUBSCRIPTION_ID_PREFIX),
      workspace: scope,
      name: input.name,
      url: normalizeWebhookUrl(input.url),
      description: input.description ?? null,
      eventTypes,
      metadata: input.metadata ?? {},
      format: input.format ?? 'raw',
      status: input.status ?? 'active',
      disabledReason: null,
      failureCount: 0,
      secrets: issued.secrets,
      credentials: endpoint.credentials ?? [],
      tls: endpoint.tls ?? null,
      lastDeliveredAt: null,
      createdAt: now,
      updatedAt: now,
      ...DEFAULT_DELIVERY_SETTINGS,
      ...settings,
      heldUntil: null,
      filter: input.filter ?? null,
    };
    await this.store.insertSubscription(subscription);
    return { subscription, secret: issued.plain };
  }

  /** A page of subscriptions, oldest first (so rows added during a walk appear at its end). */
  async list(query: {
    scope: WorkspaceScope;
    status?: SubscriptionStatus;
    after?: string;
    limit: number;
  }): Promise<Page<SubscriptionRecord>> {
    const rows = await this.store.listSubscriptions({ ...query, limit: query.limit + 1 });
    return toPage(rows, query.limit, (row) => row.id);
  }

  /** @throws SubscriptionNotFoundException when `id` is not in `scope`. */
  async get(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord> {
    const subscription = await this.store.findSubscription(id, scope);
    if (!subscription) throw new SubscriptionNotFoundException(id);
    return subscription;
  }

  /**
   * Applies an update. Re-enabling (`status: 'active'` on a paused or disabled subscription) resets
   * `failureCount` and clears `disabledReason`; a `secret` replaces the signing secrets at once.
   * @throws SubscriptionNotFoundException, InvalidSubscriptionException
   */
  async update(
    id: string,
    scope: WorkspaceScope,
    input: UpdateSubscriptionInput,
  ): Promise<SubscriptionRecord> {
    const current = await this.get(id, scope);
    const eventTypes = input.eventTypes ? unique(input.eventTypes) : undefined;
    const now = this.clock.now();
    this.assertAllowed(input, eventTypes, now);
    const patch: SubscriptionPatch = {
      ...this.endpointCredentials.apply(current, input, now),
      ...toDeliverySettings(input.settings),
      name: input.name,
      url: input.url === undefined ? undefined : normalizeWebhookUrl(input.url),
      description: input.description,
      eventTypes,
      metadata: input.metadata,
      format: input.format,
      filter: input.filter,
      ...this.statusChange(current, input.status),
      secrets:
        input.secret !== undefined
          ? this.secrets.replace(input.secret)
          : (this.secrets.pruned(current.secrets) ?? undefined),
    };
    return this.write(id, scope, patch);
  }

  /**
   * Rotates the signing secret: the new one (given or generated) is returned once, and the old one
   * keeps signing beside it for `secretRotationOverlapMs`.
   * @throws SubscriptionNotFoundException
   */
  async rotateSecret(id: string, scope: WorkspaceScope, secret?: string): Promise<SubscriptionWithSecret> {
    const current = await this.get(id, scope);
    const issued = this.secrets.rotate(current.secrets, secret);
    return { subscription: await this.write(id, scope, { secrets: issued.secrets }), secret: issued.plain };
  }

  /**
   * Deletes a subscription; its pending deliveries are cancelled.
   * @throws SubscriptionNotFoundException
   */
  async delete(id: string, scope: WorkspaceScope): Promise<void> {
    if (!(await this.store.deleteSubscription(id, scope, this.clock.now())))
      throw new SubscriptionNotFoundException(id);
  }

  /** The policy's checks of the fields `input` gives (`eventTypes` made unique). */
  private assertAllowed(
    input: CreateSubscriptionInput | UpdateSubscriptionInput,
    eventTypes: string[] | undefined,
    now: Date,
  ): void {
    const { url, filter, headers, tls } = input;
    this.policy.assertAllowed({ url, eventTypes, filter: filter ?? undefined, headers, tls }, now);
  }

  private statusChange(
    current: SubscriptionRecord,
    status: SubscriptionStatus | undefined,
  ): SubscriptionPatch {
    if (status === undefined || status === current.status) return {};
    if (status === 'active') return { status, failureCount: 0, disabledReason: null };
    return { status, disabledReason: status === 'disabled' ? DISABLED_BY_API_REASON : null };
  }

  private async write(
    id: string,
    scope: WorkspaceScope,
    patch: SubscriptionPatch,
  ): Promise<SubscriptionRecord> {
    // Deleted between the read and this write: answer as if it had never been found.
    const updated = await this.store.updateSubscription(id, scope, patch, this.clock.now());
    if (!updated) throw new SubscriptionNotFoundException(id);
    return updated;
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
