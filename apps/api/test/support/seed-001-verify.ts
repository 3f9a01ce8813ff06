import crypto from 'crypto';

// Copied verbatim from /work/shared/seeds/001_* (Rex "Webhook Listeners", Express.js): the code Rex
// customers run. Deliveries must pass it unchanged, so do not "improve" it.
// prettier-ignore
function verifySignature(payload: string, signature: string, secret: string): boolean {
  const [tPart, vPart] = signature.split(",");
  const timestamp = tPart.replace("t=", "");
  const expected = vPart.replace("v1=", "");

  const signed = crypto
    .createHmac("sha256", secret)
    .update(`${timestamp}.${payload}`)
    .digest("hex");

  return crypto.timingSafeEqual(Buffer.from(signed), Buffer.from(expected));
}

/**
 * Seed 001's check, as its Express listener applies it (`req.body.toString()` of the raw body). Its
 * `timingSafeEqual` throws on a length mismatch; a listener would answer 500, here that is `false`.
 */
export function seed001Verifies(
  rawBody: Buffer,
  signatureHeader: string | string[] | undefined,
  secret: string,
): boolean {
  if (typeof signatureHeader !== 'string') return false;
  try {
    return verifySignature(rawBody.toString(), signatureHeader, secret);
  } catch {
    return false;
  }
}
