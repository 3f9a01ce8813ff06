import { numericId } from './ids.js';

/** Options of a HubSpot test batch. */
export interface HubSpotEventOptions {
  /** For `*.propertyChange`: the property. @default 'dealstage' for deals, 'lifecyclestage' otherwise */
  propertyName?: string;
  /** For `*.propertyChange`: the new value (for `dealstage`: `closedwon` or `closedlost`). @default 'closedwon' / 'customer' */
  propertyValue?: string;
  /** Events in the batch (consecutive event ids). @default 1 */
  count?: number;
  /** First event id. @default random */
  eventId?: number;
  /** @default now */
  now?: Date;
}

/** Subscription types this tool knows; `<object>.<change>` works for any CRM object. */
export const HUBSPOT_SUBSCRIPTION_TYPES = [
  'contact.creation',
  'contact.propertyChange',
  'contact.deletion',
  'deal.creation',
  'deal.propertyChange',
  'company.creation',
] as const;

/** A HubSpot webhook batch (a JSON array of events) of `subscriptionType`. */
export function hubspotEvents(
  subscriptionType: string,
  options: HubSpotEventOptions = {},
): Record<string, unknown>[] {
  const occurredAt = (options.now ?? new Date()).getTime();
  const firstId = options.eventId ?? numericId();
  const [object, change] = subscriptionType.split('.');
  const propertyChange = change === 'propertyChange';
  return Array.from({ length: options.count ?? 1 }, (_, i) => ({
    eventId: firstId + i,
    subscriptionId: 2_411_077,
    portalId: 62_515,
    appId: 54_321,
    occurredAt,
    subscriptionType,
    attemptNumber: 0,
    objectId: numericId(10),
    changeSource: 'CRM',
    ...(change === 'creation' ? { changeFlag: 'NEW' } : {}),
    ...(change === 'deletion' ? { changeFlag: 'DELETED' } : {}),
    ...(propertyChange
      ? {
          propertyName: options.propertyName ?? (object === 'deal' ? 'dealstage' : 'lifecyclestage'),
          propertyValue: options.propertyValue ?? (object === 'deal' ? 'closedwon' : 'customer'),
        }
      : {}),
  }));
}
