// Verifies a Standard Webhooks delivery with the standardwebhooks package: node verify-standardwebhooks.mjs < body.json
import { readFileSync } from 'node:fs';
import { Webhook } from 'standardwebhooks';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** whsec_ + base64 (generated secrets) is the decoded bytes; any other secret its UTF-8 bytes. */
function signingKey(secret) {
  const encoded = secret.replace(/^whsec_/, '');
  return encoded && BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.from(secret);
}

const { WEBHOOK_SECRET = '', WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE } = process.env;
const headers = {
  'webhook-id': WEBHOOK_ID,
  'webhook-timestamp': WEBHOOK_TIMESTAMP,
  'webhook-signature': WEBHOOK_SIGNATURE,
};
try {
  // Throws when the timestamp is more than 5 minutes from now or no signature matches.
  const event = new Webhook(signingKey(WEBHOOK_SECRET), { format: 'raw' }).verify(readFileSync(0), headers);
  console.log(`verified ${event.event}`);
} catch (error) {
  console.error(`not verified: ${error.message}`);
  process.exitCode = 1;
}
