import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';

/** Event type of a ping when the caller names none. */
export const DEFAULT_PING_EVENT_TYPE = 'webhook.ping';

/**
 * The `data` of a test delivery: the catalogue's example of the type when it has one (realistic,
 * as Repull's test deliveries are), otherwise a generic sample that says what it is.
 */
export function samplePingData(
  type: string,
  definition: EventTypeDefinition | undefined,
  subscriptionId: string,
): Record<string, unknown> {
  if (definition?.example) return structuredClone(definition.example);
  return {
    test: true,
    subscription_id: subscriptionId,
    message: `A test delivery of "${type}". Real events of this type carry their own data.`,
  };
}

/** The delivered body of a test event, in the same shape and key order as published events. */
export function pingPayload(
  id: string,
  type: string,
  createdAt: Date,
  data: Record<string, unknown>,
): string {
  return `{"id":${JSON.stringify(id)},"event":${JSON.stringify(type)},"created_at":${JSON.stringify(createdAt.toISOString())},"data":${JSON.stringify(data)}}`;
}
