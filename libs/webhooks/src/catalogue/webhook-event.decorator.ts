/** Options of {@link WebhookEvent}: what the catalogue shows beside the generated schema. */
export interface WebhookEventOptions {
  /** What happened, for the teams that subscribe. @default '' */
  description?: string;
  /** A realistic `data` object: sent by "send a test event", and checked against the class's schema at start-up. */
  example?: Record<string, unknown>;
}

/** A payload class: any class whose instances are an event's `data`. */
export type WebhookEventClass<T extends object = object> = abstract new (...args: never) => T;

/** What {@link WebhookEvent} wrote on a class. */
export interface WebhookEventMetadata extends WebhookEventOptions {
  name: string;
}

const WEBHOOK_EVENT_METADATA = Symbol('webhooks:event');

/**
 * Declares an event type from its payload class: the class's properties, with their class-validator
 * (and `@ApiProperty`) decorators, become the JSON Schema of the event's `data`. List the class in
 * the module's `eventTypes` option, then publish with `webhooks.publish(OrderPaid, { … })`.
 * @example
 * @WebhookEvent('order.paid', { description: 'An order was paid.' })
 * export class OrderPaid {
 *   @IsString() order_id!: string;
 *   @IsInt() @Min(0) amount!: number;
 * }
 */
export function WebhookEvent(name: string, options: WebhookEventOptions = {}): ClassDecorator {
  return (target) => {
    const metadata: WebhookEventMetadata = { name, ...options };
    Reflect.defineMetadata(WEBHOOK_EVENT_METADATA, metadata, target);
  };
}

/** The `@WebhookEvent` metadata of `target`, or `undefined` when it is not a decorated class. */
export function webhookEventOf(target: unknown): WebhookEventMetadata | undefined {
  if (typeof target !== 'function') return undefined;
  return Reflect.getOwnMetadata(WEBHOOK_EVENT_METADATA, target) as WebhookEventMetadata | undefined;
}
