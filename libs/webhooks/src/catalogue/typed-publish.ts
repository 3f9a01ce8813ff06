import type { WebhookEventClass } from './webhook-event.decorator.js';

/**
 * The `data` of an event whose payload class is `T`: the class's properties (methods left out), with
 * their optionality. `publish(OrderPaid, data)` takes this, so a missing or mistyped field does not
 * compile.
 */
export type EventPayload<T> = {
  [K in keyof T as T[K] extends (...args: never) => unknown ? never : K]: T[K];
};

/**
 * A map of event type names to the types of their `data`, for `WebhooksService<Map>`:
 * `publish('order.paid', data)` then checks `data` against `Map['order.paid']`. Names outside the map
 * take any object, as without a map.
 * @example
 * interface ShopEvents { 'order.paid': { order_id: string; amount: number } }
 * constructor(private readonly webhooks: WebhooksService<ShopEvents>) {}
 */
export type EventPayloadMap<M> = { [K in keyof M]: object };

/** The `data` that `publish(type, data)` takes for the type name `K` under the map `M`. */
export type PublishData<M, K extends string> = K extends keyof M ? M[K] : Record<string, unknown>;

/** One item of `publishMany` before its type is checked: a type name or a payload class. */
export interface PublishItemInput {
  type: string | WebhookEventClass;
  data: object;
  idempotencyKey?: string;
}

/** What one item of `publishMany` must be, given its `type` (a class, or a name under the map `M`). */
export type CheckedPublishItem<Item, M> = Item extends { type: WebhookEventClass<infer T> }
  ? { type: WebhookEventClass<T>; data: EventPayload<T>; idempotencyKey?: string }
  : Item extends { type: infer K extends string }
    ? { type: K; data: PublishData<M, K>; idempotencyKey?: string }
    : never;

/** Each item of a `publishMany` list checked on its own (a tuple keeps one type per position). */
export type CheckedPublishItems<Items extends readonly unknown[], M> = {
  [I in keyof Items]: CheckedPublishItem<Items[I], M>;
};
