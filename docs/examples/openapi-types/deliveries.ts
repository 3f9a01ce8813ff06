// Types of our deliveries, generated first: npx openapi-typescript@7.13.0 http://localhost:3000/docs-json -o webhooks.d.ts
import type { webhooks } from './webhooks.js';

/** The body of a delivery of one event type: `{id, event, created_at, data}`. */
export type Delivery<Type extends keyof webhooks> =
  webhooks[Type]['post']['requestBody']['content']['application/json'];

/** Any delivery: `event` tells them apart, so a `switch` on it narrows `data`. */
export type AnyDelivery = { [Type in keyof webhooks]: Delivery<Type> }[keyof webhooks];

/** Parses a verified raw body (see "Checking a delivery"); the sender's document is the contract. */
export function parseDelivery(rawBody: string): AnyDelivery {
  return JSON.parse(rawBody) as AnyDelivery;
}

export function describeDelivery(delivery: AnyDelivery): string {
  switch (delivery.event) {
    case 'webhook.disabled':
      return `a subscription was disabled at ${delivery.created_at}: ${JSON.stringify(delivery.data)}`;
    default:
      return `${delivery.event} ${delivery.id}, published at ${delivery.created_at}`;
  }
}
