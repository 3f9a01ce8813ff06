import type { DeliveryStatus } from '../interfaces/delivery.interface.js';
import type {
  EventDeliveryStatus,
  EventDeliverySummary,
  LoggedDeliveryAttempt,
  TestDeliveryRecord,
} from '../interfaces/event-delivery.interface.js';
import type { WorkspaceScope } from './workspace-scope.js';

/** Filters of the delivery log. */
export interface DeliveryQuery {
  scope: WorkspaceScope;
  subscriptionId?: string;
  eventType?: string;
  status?: Exclude<DeliveryStatus, 'cancelled'>;
  /** Only attempts whose (event, subscription) pair has this status now (`failed`: still failing). */
  deliveryStatus?: EventDeliveryStatus;
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
  /**
   * The delivery log, newest first; cancelled attempts are not shown. Each attempt says where its
   * event stands with the subscription now (`deliveryStatus`), computed as it is read.
   */
  listDeliveries(query: DeliveryQuery): Promise<LoggedDeliveryAttempt[]>;
  /**
   * Where an event stands with every subscription it was fanned out to (or, for a test event, the
   * subscription pinged), by subscription id; one statement, whatever the number of attempts.
   * `event.createdAt` bounds the attempts read (none is older than its event).
   */
  listEventDeliveries(
    event: { id: string; createdAt: Date },
    scope: WorkspaceScope,
  ): Promise<EventDeliverySummary[]>;
  /** The test delivery (ping) whose sample event has this id, inside `scope`, or `null`. */
  findTestDelivery(eventId: string, scope: WorkspaceScope): Promise<TestDeliveryRecord | null>;
}

/** Injection token for {@link DeliveryLog}. */
export const DeliveryLog = Symbol('DeliveryLog');
