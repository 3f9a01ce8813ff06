import { randomBytes } from 'node:crypto';

/**
 * A new signing secret: `whsec_` + base64 of 32 random bytes. It is also a valid Standard Webhooks
 * secret (the `standardwebhooks` libraries decode the part after the prefix).
 */
export function generateSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
