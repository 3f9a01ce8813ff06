import { Inject, Injectable } from '@nestjs/common';
import { toPage, type Page } from '@org/common';
import { DeliveryAttemptNotFoundException } from '../errors/delivery-attempt-not-found.exception.js';
import { SubscriptionNotFoundException } from '../errors/subscription-not-found.exception.js';
import type { LoggedDeliveryAttempt } from '../interfaces/event-delivery.interface.js';
import { DeliveryLog, type DeliveryQuery } from '../storage/delivery-log.interface.js';
import { SubscriptionStore } from '../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../storage/workspace-scope.js';

/** Filters of the delivery log, as the service takes them (no scope, cursor or page size). */
export type DeliveryLogFilters = Omit<DeliveryQuery, 'scope' | 'before' | 'limit'>;

/** Reads the delivery log (every attempt, newest first) within a workspace scope. */
@Injectable()
export class DeliveryLogService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(DeliveryLog) private readonly store: DeliveryLog,
    @Inject(SubscriptionStore) private readonly subscriptions: Pick<SubscriptionStore, 'findSubscription'>,
  ) {}

  /**
   * One subscription's attempts.
   * @throws SubscriptionNotFoundException when `subscriptionId` is not in `scope`.
   */
  async listForSubscription(
    subscriptionId: string,
    scope: WorkspaceScope,
    page: Pick<DeliveryLogFilters, 'status' | 'deliveryStatus'> & { before?: string; limit: number },
  ): Promise<Page<LoggedDeliveryAttempt>> {
    if (!(await this.subscriptions.findSubscription(subscriptionId, scope)))
      throw new SubscriptionNotFoundException(subscriptionId);
    return this.list(
      scope,
      { subscriptionId, status: page.status, deliveryStatus: page.deliveryStatus },
      page,
    );
  }

  /**
   * One attempt of a subscription, with its full record.
   * @throws SubscriptionNotFoundException, DeliveryAttemptNotFoundException
   */
  async getAttempt(
    subscriptionId: string,
    attemptId: string,
    scope: WorkspaceScope,
  ): Promise<LoggedDeliveryAttempt> {
    if (!(await this.subscriptions.findSubscription(subscriptionId, scope)))
      throw new SubscriptionNotFoundException(subscriptionId);
    const [attempt] = await this.store.listDeliveries({ scope, subscriptionId, id: attemptId, limit: 1 });
    if (!attempt) throw new DeliveryAttemptNotFoundException(attemptId, subscriptionId);
    return attempt;
  }

  /** Attempts across the scope's subscriptions (an unknown `subscriptionId` filter just matches nothing). */
  async list(
    scope: WorkspaceScope,
    filters: DeliveryLogFilters,
    page: { before?: string; limit: number },
  ): Promise<Page<LoggedDeliveryAttempt>> {
    const rows = await this.store.listDeliveries({
      ...filters,
      scope,
      before: page.before,
      limit: page.limit + 1,
    });
    return toPage(rows, page.limit, (row) => row.id);
  }
}
