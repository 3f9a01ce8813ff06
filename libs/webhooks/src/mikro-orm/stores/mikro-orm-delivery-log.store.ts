import type { MikroORM } from '@mikro-orm/postgresql';
import { SqlRunner } from '@org/common/sql';
import type { DeliveryAttemptRecord } from '../../interfaces/delivery.interface.js';
import type { DeliveryLog, DeliveryQuery } from '../../storage/delivery-log.interface.js';
import { toAttemptRecord, type DeliveryRow } from './pg-delivery.rows.js';
import { listDeliveries } from './webhook-delivery.sql.js';

/** {@link DeliveryLog} on PostgreSQL: one statement, built from the filters given. */
export class MikroOrmDeliveryLog implements DeliveryLog {
  private readonly sql: SqlRunner;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
  }

  async listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]> {
    const { statement, values } = listDeliveries(query);
    const rows = await this.sql.rows<DeliveryRow>(statement, values);
    return rows.map(toAttemptRecord);
  }
}
