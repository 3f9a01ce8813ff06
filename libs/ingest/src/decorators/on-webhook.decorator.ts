import { ANY, ON_WEBHOOK_METADATA } from '../ingest.constants.js';

/** What `@OnWebhook` records on a method. */
export interface OnWebhookMetadata {
  source: string;
  type: string;
}

/**
 * Runs the decorated method for verified inbound events of `source` (or every source with `'*'`)
 * and `type`: an exact type, `'*'` for all, or a prefix pattern such as `'payment_intent.*'`.
 * Handlers run after the sender got its 200, from the stored event, with retries; they receive
 * `(event: InboundEvent, context: InboundContext)`. Put them on singleton providers; several
 * decorators may sit on one method.
 * @example
 * ```ts
 * @Injectable()
 * export class Payments {
 *   @OnWebhook('stripe', 'payment_intent.succeeded')
 *   async paid(event: InboundEvent<Stripe.Event>, { em }: MikroOrmInboundContext) {
 *     em!.create(Payment, { stripeEventId: event.externalId });
 *   }
 *
 *   @OnWebhook('*')
 *   audit(event: InboundEvent) { ... }
 * }
 * ```
 */
export function OnWebhook(source: string, type: string = ANY): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const existing: OnWebhookMetadata[] = Reflect.getMetadata(ON_WEBHOOK_METADATA, descriptor.value) ?? [];
    Reflect.defineMetadata(ON_WEBHOOK_METADATA, [...existing, { source, type }], descriptor.value);
    return descriptor;
  };
}
