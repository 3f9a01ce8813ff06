import crypto from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { parseSignatureHeader, signPayload, verifySignatureHeader } from './signature.js';
import { generateSecret } from './secret.js';

// Copied verbatim from seed 001 (the Rex Express listener): our header must pass it unchanged.
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

// The seed-001 FastAPI listener, line for line: `dict(p.split("=", 1) for p in signature.split(","))`
// keeps the LAST v1, then `hmac.compare_digest`.
function verifySignaturePython(payload: string, signature: string, secret: string): boolean {
  const parts = Object.fromEntries(
    signature.split(',').map((p) => {
      const i = p.indexOf('=');
      if (i < 0) throw new Error('ValueError: dictionary update sequence element has length 1');
      return [p.slice(0, i), p.slice(i + 1)];
    }),
  );
  const signed = crypto
    .createHmac('sha256', Buffer.from(secret))
    .update(`${parts['t']}.${payload}`)
    .digest('hex');
  return signed === parts['v1'];
}

const body =
  '{"id":"evt_01","event":"contact.created","created_at":"2026-03-16T12:00:00Z","data":{"id":"c_1"}}';
const timestamp = 1773662400; // 2026-03-16T12:00:00Z
const at = (seconds: number) => new Date(seconds * 1000);

describe('signPayload', () => {
  it('matches a fixed vector computed independently (Python hmac), so the format cannot drift', () => {
    expect(signPayload({ body, secrets: ['whsec_test_secret'], timestamp })).toBe(
      't=1773662400,v1=32822886273f828f6d069973c04f30c1a481ffc7842109a581c07465bc118897',
    );
  });

  it('puts one v1 per secret, newest first', () => {
    expect(signPayload({ body, secrets: ['whsec_test_secret', 'whsec_old_secret'], timestamp })).toBe(
      't=1773662400,v1=32822886273f828f6d069973c04f30c1a481ffc7842109a581c07465bc118897' +
        ',v1=790eae89031d0807b384506b0bc70647060d8eeddb206912f925a836c98c2a71',
    );
  });

  it('passes the seed-001 Express verifySignature unchanged, with a generated secret', () => {
    const secret = generateSecret();
    const header = signPayload({ body, secrets: [secret], timestamp });
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(body, header, secret)).toBe(true);
    expect(verifySignature(body.replace('c_1', 'c_2'), header, secret)).toBe(false);
    expect(verifySignature(body, header, generateSecret())).toBe(false);
  });

  it('during rotation: Express (first v1) needs the NEW secret, Python (last v1) the OLD one', () => {
    const header = signPayload({ body, secrets: ['whsec_new', 'whsec_old'], timestamp });
    expect(verifySignature(body, header, 'whsec_new')).toBe(true);
    expect(verifySignature(body, header, 'whsec_old')).toBe(false);
    expect(verifySignaturePython(body, header, 'whsec_old')).toBe(true);
    expect(verifySignaturePython(body, header, 'whsec_new')).toBe(false);
    // With one secret both seed listeners agree.
    const single = signPayload({ body, secrets: ['whsec_new'], timestamp });
    expect(verifySignaturePython(body, single, 'whsec_new')).toBe(true);
  });

  it('hashes the body as UTF-8 text, like the listeners', () => {
    const unicode = '{"name":"Zoë 🚀"}';
    const header = signPayload({ body: unicode, secrets: ['whsec_x'], timestamp });
    expect(verifySignature(unicode, header, 'whsec_x')).toBe(true);
    expect(verifySignaturePython(unicode, header, 'whsec_x')).toBe(true);
  });

  it('refuses to sign without a secret or with a bad timestamp', () => {
    expect(() => signPayload({ body, secrets: [], timestamp })).toThrow(/at least one non-empty secret/);
    expect(() => signPayload({ body, secrets: [''], timestamp })).toThrow(/non-empty secret/);
    expect(() => signPayload({ body, secrets: ['s'], timestamp: 1.5 })).toThrow(/whole unix seconds/);
    expect(() => signPayload({ body, secrets: ['s'], timestamp: Date.now() })).toThrow(/unix seconds/);
  });
});

describe('verifySignatureHeader', () => {
  const header = signPayload({ body, secrets: ['whsec_new', 'whsec_old'], timestamp });

  it('accepts any active secret and says which matched', () => {
    expect(verifySignatureHeader(body, header, ['whsec_new'], { now: at(timestamp) })).toEqual({
      valid: true,
      timestamp,
      secretIndex: 0,
    });
    expect(verifySignatureHeader(body, header, ['whsec_other', 'whsec_old'], { now: at(timestamp) })).toEqual(
      {
        valid: true,
        timestamp,
        secretIndex: 1,
      },
    );
  });

  it('refuses a tampered body, a wrong secret, and malformed headers', () => {
    const now = at(timestamp);
    expect(verifySignatureHeader(`${body} `, header, ['whsec_new'], { now })).toEqual({
      valid: false,
      reason: 'no_matching_signature',
    });
    expect(verifySignatureHeader(body, header, ['whsec_wrong'], { now })).toMatchObject({ valid: false });
    for (const bad of [
      undefined,
      '',
      'garbage',
      'v1=abc',
      't=1,t=2,v1=abc',
      't=abc,v1=00',
      `t=${timestamp}`,
    ]) {
      expect(verifySignatureHeader(body, bad, ['whsec_new'], { now })).toEqual({
        valid: false,
        reason: 'malformed',
      });
    }
    // A signature moved to another timestamp no longer matches.
    const replayed = header.replace(`t=${timestamp}`, `t=${timestamp + 1}`);
    expect(verifySignatureHeader(body, replayed, ['whsec_new'], { now })).toMatchObject({ valid: false });
  });

  it('applies the tolerance both ways', () => {
    const check = (nowSeconds: number) =>
      verifySignatureHeader(body, header, ['whsec_new'], { now: at(nowSeconds), toleranceSeconds: 300 });
    expect(check(timestamp + 300).valid).toBe(true);
    expect(check(timestamp - 300).valid).toBe(true);
    expect(check(timestamp + 301)).toEqual({ valid: false, reason: 'timestamp_out_of_tolerance' });
    expect(check(timestamp - 301)).toEqual({ valid: false, reason: 'timestamp_out_of_tolerance' });
  });

  it('parses headers with spaces and skips unknown schemes', () => {
    expect(parseSignatureHeader('t=5, v0=aa, v1=bb ,v1=cc')).toEqual({
      timestamp: 5,
      signatures: ['bb', 'cc'],
    });
  });
});
