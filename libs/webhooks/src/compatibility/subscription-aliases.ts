import type { SubscriptionRecord, SubscriptionStatus } from '../interfaces/subscription.interface.js';
import type { WebhooksCompatibility } from './webhooks-compatibility.js';

/**
 * The other systems' names for subscription fields, accepted beside ours so their documented
 * requests work: `events` (Rex 001, Apex, Repull, Rapidly) for `event_types`, and the booleans
 * `active` (Repull) and `enabled` (Rapidly) for `status` active/paused. A module's DTO classes have
 * only the ones it serves (`subscription-aliases.dto.ts`) and refuse a body whose forms disagree
 * (`@AgreesWith`), so picking any given form here is safe.
 */
export interface SubscriptionAliasFields {
  event_types?: string[];
  events?: string[];
  status?: SubscriptionStatus;
  active?: boolean;
  enabled?: boolean;
}

/** The event type patterns the body names under either name, or `undefined`. */
export function eventTypesOf(body: SubscriptionAliasFields): string[] | undefined {
  return body.event_types ?? body.events;
}

/** The status the body asks for under any of its names, or `undefined`. */
export function statusOf(body: SubscriptionAliasFields): SubscriptionStatus | undefined {
  if (body.status !== undefined) return body.status;
  const flag = body.active ?? body.enabled;
  return flag === undefined ? undefined : statusOfFlag(flag);
}

/** What `active`/`enabled` mean in `status` terms. */
export function statusOfFlag(flag: boolean): SubscriptionStatus {
  return flag ? 'active' : 'paused';
}

/**
 * What a field of the status group means, for `@AgreesWith`: `active`/`enabled` as a status, and
 * event type lists as their sorted unique set (the order of patterns means nothing).
 */
export function aliasMeaning(field: string, value: unknown): unknown {
  if ((field === 'active' || field === 'enabled') && typeof value === 'boolean') return statusOfFlag(value);
  if (Array.isArray(value)) return [...new Set(value)].sort();
  return value;
}

/** The other systems' fields of a subscription answer: present only when the module serves them. */
export interface SubscriptionAnswerAliases {
  /** Same as `event_types`. */
  events?: string[];
  /** `status` is `active`. */
  active?: boolean;
}

/** The alias fields of `record`'s answer that `compatibility` serves (none by default). */
export function subscriptionAnswerAliases(
  record: SubscriptionRecord,
  compatibility: WebhooksCompatibility,
): SubscriptionAnswerAliases {
  return {
    ...(compatibility.has('eventsField') && { events: [...record.eventTypes] }),
    ...(compatibility.has('activeAnswer') && { active: record.status === 'active' }),
  };
}
