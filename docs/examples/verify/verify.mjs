// Verifies a Standard Webhooks delivery: node verify.mjs < body.json
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

const TOLERANCE_SECONDS = 5 * 60;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** whsec_ + base64 (generated secrets) is the decoded bytes; any other secret its UTF-8 bytes. */
function signingKey(secret) {
  const encoded = secret.replace(/^whsec_/, '');
  return encoded && BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.from(secret);
}

/** Throws unless the delivery is genuine and recent. `body` is the raw body, as received. */
export function verifyWebhook(secret, { id, timestamp, signature }, body) {
  if (!secret) throw new Error('the secret is empty');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new Error('webhook-timestamp is missing or more than 5 minutes from now');
  }
  const hmac = createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.`).update(body);
  const expected = Buffer.from(hmac.digest('base64'));
  // One "v1,<base64>" per live secret, space-separated: any match will do (secret rotation).
  const matches = signature.split(' ').some((entry) => {
    const given = Buffer.from(entry.startsWith('v1,') ? entry.slice(3) : '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new Error('no webhook-signature matches this body and secret');
}

const { WEBHOOK_SECRET, WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE } = process.env;
try {
  const headers = { id: WEBHOOK_ID, timestamp: WEBHOOK_TIMESTAMP ?? '', signature: WEBHOOK_SIGNATURE ?? '' };
  verifyWebhook(WEBHOOK_SECRET ?? '', headers, readFileSync(0));
  console.log('verified');
} catch (error) {
  console.error(`not verified: ${error.message}`);
  process.exitCode = 1;
}
