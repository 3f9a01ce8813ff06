import type { EventTypeDefinition, WebhookEventClass } from '@org/webhooks';
import {
  ConnectorError,
  ConnectorSynced,
  ExperimentCompleted,
  ExperimentStarted,
  GoalReached,
  LeadCreated,
  LeadUpdated,
} from './events/apex.events.js';
import { GithubPullRequest, GithubPush, PaymentRefunded, PaymentSucceeded } from './events/bridged.events.js';
import {
  MessageReceived,
  ReservationCancelled,
  ReservationCreated,
  ReservationUpdated,
} from './events/repull.events.js';
import { REX_EVENT_TYPES } from './events/rex.events.js';

/**
 * The host app's event type catalogue (src/events), in both forms the library takes: Rex's CRM events
 * (seed 000) as plain definitions with open JSON Schemas (a CRM record carries custom fields), and
 * payload classes for the types the ingest bridge publishes and the events Apex (seed 003) and Repull
 * (seed 004) document, so their example requests subscribe to types that exist. Publishes with other
 * types, or with `data` that breaks the type's schema, are refused.
 */
export const EVENT_TYPES: (EventTypeDefinition | WebhookEventClass)[] = [
  ...REX_EVENT_TYPES,
  PaymentSucceeded,
  PaymentRefunded,
  GithubPush,
  GithubPullRequest,
  // Apex (seed 003)
  LeadCreated,
  LeadUpdated,
  ExperimentStarted,
  ExperimentCompleted,
  GoalReached,
  ConnectorSynced,
  ConnectorError,
  // Repull (seed 004)
  ReservationCreated,
  ReservationUpdated,
  ReservationCancelled,
  MessageReceived,
];
