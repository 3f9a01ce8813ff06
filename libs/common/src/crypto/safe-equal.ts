import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets or signatures in constant time. Both sides are hashed first so that inputs of
 * different lengths neither throw (as `timingSafeEqual` does) nor leak their length through timing.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right) && Buffer.byteLength(a) === Buffer.byteLength(b);
}
