import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlRunner } from '@org/common/sql';
import type {
  EventDeliverySummary,
  LoggedDeliveryAttempt,
  TestDeliveryRecord,
} from '../../interfaces/event-delivery.interface.js';
import type { DeliveryLog, DeliveryQuery } from '../../storage/delivery-log.interface.js';
import type { WorkspaceScope } from '../../storage/workspace-scope.js';
import {
  toAttemptRecord,
  toEventDeliverySummary,
  type DeliveryRow,
  type EventDeliveryRow,
} from './pg-delivery.rows.js';
import { EVENT_DELIVERIES, FIND_TEST_DELIVERY } from './webhook-delivery-status.sql.js';
import { listDeliveries } from './webhook-delivery.sql.js';

/** {@link DeliveryLog} on PostgreSQL: one statement per read, the pairs' statuses derived in it. */
export class MikroOrmDeliveryLog implements DeliveryLog {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async listDeliveries(query: DeliveryQuery): Promise<LoggedDeliveryAttempt[]> {
    const { statement, values } = listDeliveries(query);
    const rows = await this.sql.rows<DeliveryRow & Pick<EventDeliveryRow, 'delivery_status'>>(
      statement,
      values,
    );
    return rows.map((row) => ({ ...toAttemptRecord(row), deliveryStatus: row.delivery_status }));
  }

  async listEventDeliveries(
    event: { id: string; createdAt: Date },
    scope: WorkspaceScope,
  ): Promise<EventDeliverySummary[]> {
    const rows = await this.sql.rows<EventDeliveryRow>(EVENT_DELIVERIES, [
      event.id,
      event.createdAt.toISOString(),
      scope,
    ]);
    return rows.map(toEventDeliverySummary);
  }

  async findTestDelivery(eventId: string, scope: WorkspaceScope): Promise<TestDeliveryRecord | null> {
    const [row] = await this.sql.rows<DeliveryRow & { request_body: string | null }>(FIND_TEST_DELIVERY, [
      eventId,
      scope,
    ]);
    return row ? { ...toAttemptRecord(row), requestBody: row.request_body } : null;
  }
}
