import type { MikroORM } from '@mikro-orm/postgresql';
import type {
  SubscriptionPatch,
  SubscriptionRecord,
  SubscriptionStatus,
} from '../../interfaces/subscription.interface.js';
import type { SubscriptionStore } from '../../storage/subscription-store.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import { isoParam, runSql } from '../pg-sql.js';
import {
  PATCH_COLUMNS,
  secretsColumn,
  toSubscriptionRecord,
  type SubscriptionRow,
} from './pg-subscription.rows.js';

/** {@link SubscriptionStore} on PostgreSQL (`webhook_subscription`), one statement per call. */
export class MikroOrmSubscriptionStore implements SubscriptionStore {
  constructor(private readonly orm: MikroORM) {}

  async insertSubscription(record: SubscriptionRecord): Promise<void> {
    await runSql(
      this.orm,
      `insert into webhook_subscription (id, workspace, name, url, description, event_types, metadata, status,
         disabled_reason, failure_count, secrets, last_delivered_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, array[?]::text[], ?::jsonb, ?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::timestamptz)`,
      [
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
        isoParam(record.lastDeliveredAt),
        isoParam(record.createdAt),
        isoParam(record.updatedAt),
      ],
    );
  }

  async findSubscription(id: string, scope: WorkspaceScope): Promise<SubscriptionRecord | null> {
    const where = visible(scope);
    const rows = await runSql<SubscriptionRow>(
      this.orm,
      `select * from webhook_subscription where id = ? and ${where.sql}`,
      [id, ...where.params],
    );
    return rows[0] ? toSubscriptionRecord(rows[0]) : null;
  }

  async listSubscriptions(query: {
    scope: WorkspaceScope;
    status?: SubscriptionStatus;
    after?: string;
    limit: number;
  }): Promise<SubscriptionRecord[]> {
    const where = visible(query.scope);
    const conditions = [where.sql];
    const params = [...where.params];
    if (query.status !== undefined) {
      conditions.push('status = ?');
      params.push(query.status);
    }
    if (query.after !== undefined) {
      conditions.push('id > ?');
      params.push(query.after);
    }
    const rows = await runSql<SubscriptionRow>(
      this.orm,
      `select * from webhook_subscription where ${conditions.join(' and ')} order by id limit ?`,
      [...params, query.limit],
    );
    return rows.map(toSubscriptionRecord);
  }

  async updateSubscription(
    id: string,
    scope: WorkspaceScope,
    patch: SubscriptionPatch,
    now: Date,
  ): Promise<SubscriptionRecord | null> {
    const sets = ['updated_at = ?::timestamptz'];
    const params: unknown[] = [isoParam(now)];
    for (const key of Object.keys(patch) as (keyof SubscriptionPatch)[]) {
      const value = patch[key];
      if (value === undefined) continue;
      const [column, placeholder, bind] = PATCH_COLUMNS[key] as [string, string, (v: unknown) => unknown];
      sets.push(`${column} = ${placeholder}`);
      params.push(bind(value));
    }
    const where = visible(scope);
    const rows = await runSql<SubscriptionRow>(
      this.orm,
      `update webhook_subscription set ${sets.join(', ')} where id = ? and ${where.sql} returning *`,
      [...params, id, ...where.params],
    );
    return rows[0] ? toSubscriptionRecord(rows[0]) : null;
  }

  async deleteSubscription(id: string, scope: WorkspaceScope, now: Date): Promise<boolean> {
    const where = visible(scope);
    // One statement, so the soft delete and the cancellation of its queue commit together.
    const rows = await runSql<{ deleted: number }>(
      this.orm,
      `with deleted as (
         update webhook_subscription set deleted_at = ?::timestamptz where id = ? and ${where.sql} returning id
       ), cancelled as (
         update webhook_delivery set status = 'cancelled'
          where status = 'pending' and subscription_id in (select id from deleted)
       )
       select count(*)::int as deleted from deleted`,
      [isoParam(now), id, ...where.params],
    );
    return rows[0].deleted > 0;
  }
}

/** The condition for rows a caller with `scope` can see: not deleted, and in its workspace if bound. */
function visible(scope: WorkspaceScope): { sql: string; params: unknown[] } {
  return scope === null
    ? { sql: 'deleted_at is null', params: [] }
    : { sql: 'deleted_at is null and workspace = ?', params: [scope] };
}
