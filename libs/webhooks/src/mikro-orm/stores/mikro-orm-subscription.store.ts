import { storedFilterPath } from '../../filters/stored-filter.js';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { CiphertextReplacement, StaleCiphertexts, StaleCiphertextQuery } from '@org/common';
import { pgDate, SqlRunner } from '@org/common/sql';
import type { SubscriptionPatch, SubscriptionRecord } from '../../interfaces/subscription.interface.js';
import type {
  ClientCertificateListing,
  SubscriptionListQuery,
  SubscriptionStore,
} from '../../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { formatRetrySchedule } from '../../rules/retry-schedule.js';
import { oauth2Column } from './pg-oauth2.column.js';
import {
  clientCertificateColumn,
  secretsColumn,
  toSubscriptionRecord,
  type SubscriptionRow,
} from './pg-subscription.rows.js';
import {
  DELETE_SUBSCRIPTION,
  LIST_CLIENT_CERTIFICATES,
  type ClientCertificateListingRow,
  FIND_SUBSCRIPTION,
  INSERT_SUBSCRIPTION,
  listSubscriptions,
  SUBSCRIPTION_CIPHERTEXTS,
  updateSubscription,
} from './webhook-subscription.sql.js';

/** {@link SubscriptionStore} on PostgreSQL (`webhook_subscription`), one statement per call. */
export class MikroOrmSubscriptionStore implements SubscriptionStore {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async insertSubscription(record: SubscriptionRecord): Promise<void> {
    await this.sql.run(INSERT_SUBSCRIPTION, [
      record.id,
      record.workspace,
      record.name,
      record.url,
      record.description,
      record.eventTypes,
      JSON.stringify(record.metadata),
      record.status,
      record.disabledReason,
      record.failureCount,
      secretsColumn(record.secrets),
      record.lastDeliveredAt?.toISOString() ?? null,
      record.createdAt.toISOString(),
      record.updatedAt.toISOString(),
      record.format,
      record.retrySchedule === null ? null : formatRetrySchedule(record.retrySchedule),
      record.timeoutMs,
      record.rateLimit,
      record.maxInFlight,
      record.ordering,
      JSON.stringify(record.credentials),
      record.filter === null ? null : JSON.stringify(record.filter),
      storedFilterPath(record.filter),
      oauth2Column(record.oauth2),
      clientCertificateColumn(record.tls),
    ]);
  }

  async findSubscription(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord | null> {
    const rows = await this.sql.rows<SubscriptionRow>(FIND_SUBSCRIPTION, [id, scope]);
    return rows[0] ? toSubscriptionRecord(rows[0]) : null;
  }

  async listSubscriptions(query: SubscriptionListQuery): Promise<SubscriptionRecord[]> {
    const { statement, values } = listSubscriptions(query);
    return (await this.sql.rows<SubscriptionRow>(statement, values)).map(toSubscriptionRecord);
  }

  async updateSubscription(
    id: string,
    scope: WorkspaceScope,
    patch: SubscriptionPatch,
    now: Date,
  ): Promise<SubscriptionRecord | null> {
    const { statement, values } = updateSubscription(id, scope, patch, now);
    const rows = await this.sql.rows<SubscriptionRow>(statement, values);
    return rows[0] ? toSubscriptionRecord(rows[0]) : null;
  }

  async deleteSubscription(id: string, scope: WorkspaceScope, now: Date): Promise<boolean> {
    const rows = await this.sql.rows<{ deleted: number }>(DELETE_SUBSCRIPTION, [
      now.toISOString(),
      id,
      scope,
    ]);
    return rows[0].deleted > 0;
  }

  async listClientCertificates(limit: number): Promise<ClientCertificateListing[]> {
    const rows = await this.sql.rows<ClientCertificateListingRow>(LIST_CLIENT_CERTIFICATES, [limit]);
    return rows.map((row) => ({
      subscriptionId: row.id,
      workspace: row.workspace,
      name: row.name,
      url: row.url,
      expiresAt: pgDate(row.client_cert_expires_at),
      fingerprintSha256: row.fingerprint_sha256,
    }));
  }

  async listStaleCiphertexts(query: StaleCiphertextQuery): Promise<StaleCiphertexts[]> {
    return SUBSCRIPTION_CIPHERTEXTS.listStale(this.sql, query);
  }

  async replaceCiphertexts(replacements: readonly CiphertextReplacement[]): Promise<number> {
    return SUBSCRIPTION_CIPHERTEXTS.replaceAll(this.sql, replacements);
  }
}
