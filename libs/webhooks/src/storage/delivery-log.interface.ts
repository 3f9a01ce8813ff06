import type { DeliveryAttemptRecord, DeliveryStatus } from '../interfaces/delivery.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';

/** Filters of the delivery log. */
export interface DeliveryQuery {
  scope: WorkspaceScope;
  subscriptionId?: string;
  eventType?: string;
  status?: Exclude<DeliveryStatus, 'cancelled'>;
  /** e.g. 5 for 5xx. */
  httpStatusClass?: 2 | 3 | 4 | 5;
  since?: Date;
  until?: Date;
  /**
   * Case-insensitive text searched for in the event type, the event id, the stored response body
   * and the error (Rapidly's `query`). Matched literally: `%` and `_` are not wildcards.
   */
  text?: string;
  /** Newest first: rows strictly older than this id. */
  before?: string;
  /** Only the attempt with this id. */
  id?: string;
  limit: number;
}

/** Port of the delivery log API (`DeliveryLogService`): reads attempts, never changes them. */
export interface DeliveryLog {
  /** The delivery log, newest first; cancelled attempts are not shown. */
  listDeliveries(query: DeliveryQuery): Promise<DeliveryAttemptRecord[]>;
}

/** Injection token for {@link DeliveryLog}. */
export const DeliveryLog = Symbol('DeliveryLog');
