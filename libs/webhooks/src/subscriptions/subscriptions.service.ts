import { Inject, Injectable } from '@nestjs/common';
import { Clock, newId, toPage, type Page } from '@org/common';
import { SubscriptionNotFoundException } from '../errors/subscription-not-found.exception.js';
import type {
  SubscriptionPatch,
  SubscriptionRecord,
  SubscriptionStatus,
} from '../interfaces/subscription.interface.js';
import { SubscriptionSecrets } from '../secrets/subscription-secrets.js';
import { SecretCipher } from '../secrets/secret-cipher.js';
import { oauth2Fields } from './subscription-oauth2.js';
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
    private readonly cipher: SecretCipher,
    private readonly endpointCredentials: EndpointCredentials,
  ) {}

  private readonly encrypt = (plain: string): string => this.cipher.encrypt(plain);

  /**
   * Creates a subscription (active unless `input.status` is `paused`) in `scope`'s workspace.
   * @throws InvalidSubscriptionException when the URL or an event type is refused.
   */
  async create(input: CreateSubscriptionInput, scope: WorkspaceScope): Promise<SubscriptionWithSecret> {
    const eventTypes = input.eventTypes ? unique(input.eventTypes) : ['*'];
    const now = this.clock.now();
    this.assertAllowed(input, eventTypes, now, input.oauth2 != null);
    const settings = toDeliverySettings(input.settings);
    const oauth2 = oauth2Fields(input.oauth2 ?? null, { credentials: [] }, this.encrypt);
    const endpoint = this.endpointCredentials.apply({ ...oauth2, tls: null }, input, now);
    const issued = this.secrets.issue(input.secret ?? undefined);
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
      oauth2: oauth2.oauth2,
      credentials: endpoint.credentials ?? oauth2.credentials,
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
    const oauth2 = input.oauth2 === undefined ? undefined : oauth2Fields(input.oauth2, current, this.encrypt);
    this.assertAllowed(input, eventTypes, now, oauth2 ? oauth2.oauth2 !== null : Boolean(current.oauth2));
    const patch: SubscriptionPatch = {
      ...oauth2,
      // Over the OAuth2 result, so a body changing both keeps both.
      ...this.endpointCredentials.apply({ ...current, ...oauth2 }, input, now),
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

  /**
   * The policy's checks of the fields `input` gives (`eventTypes` made unique); `oauth2`: the
   * subscription will send a bearer token (which owns `authorization`).
   */
  private assertAllowed(
    input: CreateSubscriptionInput | UpdateSubscriptionInput,
    eventTypes: string[] | undefined,
    now: Date,
    oauth2: boolean,
  ): void {
    const { url, filter, headers, tls } = input;
    this.policy.assertAllowed(
      {
        url,
        eventTypes,
        filter: filter ?? undefined,
        oauth2TokenUrl: input.oauth2?.tokenUrl,
        headers,
        tls,
        oauth2,
      },
      now,
    );
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
