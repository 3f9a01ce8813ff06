import {
  listStaleCiphertextsIn,
  replaceCiphertextsIn,
  type CiphertextReplacement,
  type StaleCiphertexts,
  type StaleCiphertextQuery,
} from '@org/common';
import type { SubscriptionPatch, SubscriptionRecord } from '../../interfaces/subscription.interface.js';
import type {
  ClientCertificateListing,
  SubscriptionListQuery,
  SubscriptionStore,
} from '../subscription-store.interface.js';
import type { WorkspaceScope } from '../workspace-scope.js';
import { copy, type InMemoryWebhooksState, type MemorySubscription } from './in-memory.state.js';
import { inScope } from './in-memory-scope.js';

/** {@link SubscriptionStore} over the shared in-memory rows (tests and first runs). */
export class InMemorySubscriptionStore implements SubscriptionStore {
  constructor(private readonly state: InMemoryWebhooksState) {}

  async insertSubscription(record: SubscriptionRecord): Promise<void> {
    if (this.state.subscriptions.has(record.id)) throw new Error(`Duplicate subscription id ${record.id}`);
    this.state.subscriptions.set(record.id, { ...copy(record), deletedAt: null });
  }

  async findSubscription(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord | null> {
    const row = this.visible(id, scope);
    return row ? toRecord(row) : null;
  }

  async listSubscriptions(query: SubscriptionListQuery): Promise<SubscriptionRecord[]> {
    const { scope, status, after, limit } = query;
    return [...this.state.subscriptions.values()]
      .filter((row) => row.deletedAt === null && inScope(row.workspace, scope))
      .filter(
        (row) => (status === undefined || row.status === status) && (after === undefined || row.id > after),
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit)
      .map(toRecord);
  }

  async updateSubscription(
    id: string,
    scope: WorkspaceScope,
    patch: SubscriptionPatch,
    now: Date,
  ): Promise<SubscriptionRecord | null> {
    const row = this.visible(id, scope);
    if (!row) return null;
    // Only the fields present in the patch change, as with the SQL adapter's dynamic SET list.
    const defined = Object.fromEntries(
      Object.entries(copy(patch)).filter(([, value]) => value !== undefined),
    );
    Object.assign(row, defined, { updatedAt: new Date(now) });
    return toRecord(row);
  }

  async deleteSubscription(id: string, scope: WorkspaceScope, now: Date): Promise<boolean> {
    const row = this.visible(id, scope);
    if (!row) return false;
    row.deletedAt = new Date(now);
    // As the PostgreSQL store: a deleted subscription keeps no (encrypted) secrets or credentials.
    row.secrets = [];
    row.credentials = [];
    this.state.oauth2Tokens.delete(id);
    for (const delivery of this.state.deliveries.values()) {
      if (delivery.subscriptionId === id && delivery.status === 'pending') delivery.status = 'cancelled';
    }
    return true;
  }

  async listClientCertificates(limit: number): Promise<ClientCertificateListing[]> {
    return [...this.state.subscriptions.values()]
      .filter((row) => row.deletedAt === null && row.tls !== null)
      .sort((a, b) => a.tls!.expiresAt.getTime() - b.tls!.expiresAt.getTime())
      .slice(0, limit)
      .map((row) => ({
        subscriptionId: row.id,
        workspace: row.workspace,
        name: row.name,
        url: row.url,
        expiresAt: new Date(row.tls!.expiresAt),
        fingerprintSha256: row.tls!.fingerprintSha256,
      }));
  }

  async listStaleCiphertexts(query: StaleCiphertextQuery): Promise<StaleCiphertexts[]> {
    return listStaleCiphertextsIn(this.state.subscriptions.values(), query);
  }

  async replaceCiphertexts(replacements: readonly CiphertextReplacement[]): Promise<number> {
    return replaceCiphertextsIn((id) => this.state.subscriptions.get(id), replacements);
  }

  private visible(id: string, scope: WorkspaceScope): MemorySubscription | undefined {
    const row = this.state.subscriptions.get(id);
    return row && row.deletedAt === null && inScope(row.workspace, scope) ? row : undefined;
  }
}

function toRecord(row: MemorySubscription): SubscriptionRecord {
  const {
    deletedAt: _deletedAt,
    backoffLevel: _backoffLevel,
    rateSlot: _rateSlot,
    rateSlotCount: _rateSlotCount,
    ...record
  } = copy(row);
  return record;
}
