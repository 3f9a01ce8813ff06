import type { ApiErrorDetail } from '@org/common';
import { InvalidSubscriptionException } from '../errors/invalid-subscription.exception.js';
import type { SubscriptionDeliverySettings } from '../interfaces/subscription.interface.js';
import { parseRetrySchedule } from '../rules/retry-schedule.js';
import {
  MAX_SUBSCRIPTION_IN_FLIGHT,
  MAX_SUBSCRIPTION_RATE_LIMIT,
  SUBSCRIPTION_TIMEOUT_RANGE_MS,
} from '../webhooks.constants.js';
import type { DeliverySettingsInput } from './subscription-input.interface.js';

/** The settings of a new subscription that chose none: every one follows the module. */
export const DEFAULT_DELIVERY_SETTINGS: SubscriptionDeliverySettings = {
  retrySchedule: null,
  timeoutMs: null,
  rateLimit: null,
  maxInFlight: null,
  ordering: 'none',
};

/**
 * The stored form of the given settings (only those present), checked again here so hosts calling
 * the service directly are held to the API's rules.
 * @throws InvalidSubscriptionException naming every bad setting.
 */
export function toDeliverySettings(input: DeliverySettingsInput = {}): Partial<SubscriptionDeliverySettings> {
  const details: ApiErrorDetail[] = [];
  const settings: Partial<SubscriptionDeliverySettings> = {};
  if (input.retrySchedule !== undefined) {
    try {
      settings.retrySchedule = input.retrySchedule === null ? null : parseRetrySchedule(input.retrySchedule);
    } catch (error) {
      details.push({ field: 'retry_schedule', message: (error as Error).message });
    }
  }
  const ranged = [
    ['timeoutMs', 'timeout_ms', SUBSCRIPTION_TIMEOUT_RANGE_MS.min, SUBSCRIPTION_TIMEOUT_RANGE_MS.max],
    ['rateLimit', 'rate_limit', 1, MAX_SUBSCRIPTION_RATE_LIMIT],
    ['maxInFlight', 'max_in_flight', 1, MAX_SUBSCRIPTION_IN_FLIGHT],
  ] as const;
  for (const [key, field, min, max] of ranged) {
    const value = input[key];
    if (value === undefined) continue;
    if (value !== null && !(Number.isSafeInteger(value) && value >= min && value <= max))
      details.push({ field, message: `${field} must be a whole number from ${min} to ${max}` });
    else settings[key] = value;
  }
  if (input.ordering !== undefined) {
    if (input.ordering !== 'none' && input.ordering !== 'fifo')
      details.push({ field: 'ordering', message: 'ordering must be one of: none, fifo' });
    else settings.ordering = input.ordering;
  }
  if (details.length > 0) throw new InvalidSubscriptionException(details);
  return settings;
}
