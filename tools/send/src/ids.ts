import { randomBytes, randomUUID } from 'node:crypto';

/** A Stripe-looking id: `evt_1Q…`, `pi_3P…`. */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** A GitHub delivery id (a UUID). */
export function deliveryId(): string {
  return randomUUID();
}

/** A positive integer id, as HubSpot and GitHub use. */
export function numericId(digits = 9): number {
  return Number.parseInt(randomBytes(6).toString('hex'), 16) % 10 ** digits;
}
