import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlRunner } from '@org/common/sql';
import type { TestDeliveryRecord } from '../../interfaces/event-delivery.interface.js';
import type {
  DeliveryActions,
  RecipientsRedeliveryRequest,
  RecoverRequest,
  RedeliveryRequest,
  ReplayRequest,
} from '../../storage/delivery-actions.interface.js';
import {
  INSERT_TEST_DELIVERY,
  RECOVER,
  REDELIVER,
  REDELIVER_TO_RECIPIENTS,
  REPLAY,
} from './webhook-delivery.sql.js';

/**
 * {@link DeliveryActions} on PostgreSQL: each action is one statement; the ones that schedule many
 * attempts are one set-based insert, whatever the number of events.
 */
export class MikroOrmDeliveryActions implements DeliveryActions {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async scheduleRedelivery(q: RedeliveryRequest): Promise<boolean> {
    const result = await this.sql.run(REDELIVER, [q.id, q.subscriptionId, q.eventId, q.scope, q.now]);
    return result.rowCount === 1;
  }

  async redeliverToRecipients(q: RecipientsRedeliveryRequest): Promise<string[]> {
    const rows = await this.sql.rows<{ id: string }>(REDELIVER_TO_RECIPIENTS, [q.eventId, q.scope, q.now]);
    return rows.map((row) => row.id);
  }

  async replayEventsAfter(q: ReplayRequest): Promise<number> {
    // Ids come from webhooks_new_id() in SQL: the replay is one set-based insert, however many events.
    const result = await this.sql.run(REPLAY, [q.subscriptionId, q.afterEventId, q.scope, q.now]);
    return result.rowCount;
  }

  async recoverFailed(q: RecoverRequest): Promise<number> {
    const result = await this.sql.run(RECOVER, [q.subscriptionId, q.scope, q.since, q.until, q.now]);
    return result.rowCount;
  }

  async recordTestDelivery(record: TestDeliveryRecord): Promise<void> {
    await this.sql.run(INSERT_TEST_DELIVERY, [
      record.id,
      record.subscriptionId,
      record.eventId,
      record.eventType,
      record.workspace,
      record.status,
      (record.attemptedAt ?? record.createdAt).toISOString(),
      record.httpStatus,
      record.error,
      record.responseBody,
      record.durationMs,
      record.createdAt.toISOString(),
      record.url,
      record.requestHeaders === null ? null : JSON.stringify(record.requestHeaders),
      record.responseHeaders === null ? null : JSON.stringify(record.responseHeaders),
      record.errorClass,
      record.requestBody,
    ]);
  }
}
