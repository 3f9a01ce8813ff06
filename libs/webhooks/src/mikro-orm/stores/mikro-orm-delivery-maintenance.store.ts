import type { MikroORM } from '@mikro-orm/postgresql';
import { pgDate, SqlRunner } from '@org/common/sql';
import type {
  DeliveryMaintenance,
  PruneResult,
  QueueSnapshot,
} from '../../storage/delivery-maintenance.interface.js';
import { PgPartitionMaintenance } from './pg-partition.maintenance.js';
import { QUEUE_SNAPSHOT } from './queue-snapshot.sql.js';

interface QueueSnapshotRow {
  pending: number;
  oldest_due_at: unknown;
  subscriptions: Partial<QueueSnapshot['subscriptionsByStatus']>;
}

/**
 * {@link DeliveryMaintenance} on PostgreSQL: the history's day partitions, made ahead and dropped
 * whole by {@link PgPartitionMaintenance}, and the metrics snapshot in one statement.
 */
export class MikroOrmDeliveryMaintenance implements DeliveryMaintenance {
  private readonly sql: SqlRunner;
  private readonly partitions: PgPartitionMaintenance;

  constructor(orm: MikroORM) {
    this.sql = new SqlRunner(orm.em);
    this.partitions = new PgPartitionMaintenance(this.sql);
  }

  pruneBefore(cutoff: Date): Promise<PruneResult> {
    return this.partitions.prune(cutoff);
  }

  async prepareHistory(now: Date): Promise<void> {
    await this.partitions.prepare(now);
  }

  async queueSnapshot(now: Date): Promise<QueueSnapshot> {
    const [row] = await this.sql.rows<QueueSnapshotRow>(QUEUE_SNAPSHOT, [now]);
    return {
      pendingDeliveries: row.pending,
      oldestDueAt: row.oldest_due_at === null ? null : pgDate(row.oldest_due_at),
      subscriptionsByStatus: { active: 0, paused: 0, disabled: 0, ...row.subscriptions },
    };
  }
}
