import type { PayloadFormat, SubscriptionStatus } from '../interfaces/subscription.interface.js';

/** What a new subscription needs (the API's create body, in domain terms). */
export interface CreateSubscriptionInput {
  name: string;
  url: string;
  /** The caller's own signing secret; generated when absent. */
  secret?: string;
  /** Patterns to receive; `['*']` when absent. */
  eventTypes?: string[];
  description?: string | null;
  metadata?: Record<string, unknown>;
  /** `raw` when absent. */
  format?: PayloadFormat;
  /** `active` when absent. */
  status?: 'active' | 'paused';
}

/** What an update may change; absent fields stay. `secret` replaces the signing secret without overlap. */
export interface UpdateSubscriptionInput {
  name?: string;
  url?: string;
  secret?: string;
  eventTypes?: string[];
  /** `null` clears it. */
  description?: string | null;
  metadata?: Record<string, unknown>;
  format?: PayloadFormat;
  status?: SubscriptionStatus;
}
