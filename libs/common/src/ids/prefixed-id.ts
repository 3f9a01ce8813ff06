import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: sorts like the numbers it encodes.

let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

/** Random bytes drawn a few KiB at a time: one call into the CSPRNG per 409 ids, not one per id. */
const RANDOM_POOL_BYTES = 4_090;
let randomPool = new Uint8Array(0);
let randomPoolOffset = 0;

/** 10 bytes from the CSPRNG, each byte used once. */
function freshRandom(): Uint8Array {
  if (randomPoolOffset + 10 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolOffset = 0;
  }
  randomPoolOffset += 10;
  // A view is safe: a used pool is never written again (the next one is a new buffer).
  return randomPool.subarray(randomPoolOffset - 10, randomPoolOffset);
}

/**
 * A new id such as `evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V`: the prefix, then a ULID (48-bit millisecond
 * time + 80 random bits). Ids sort by creation time, and within one millisecond of one process they
 * stay increasing (the random part is incremented), so "order by id" is a stable, time-ordered
 * cursor. They are opaque to clients.
 */
export function newId(prefix: string, at: number = Date.now()): string {
  let random: Uint8Array;
  if (at <= lastTime) {
    random = increment(lastRandom);
    at = lastTime;
  } else {
    random = freshRandom();
  }
  lastTime = at;
  lastRandom = random;
  return `${prefix}_${encodeTime(at)}${encodeRandom(random)}`;
}

/**
 * Like {@link newId}, but the 80-bit random part is always fresh, never the previous id's plus one:
 * for ids that must not be guessable from another one made in the same millisecond (ingest source
 * ids, which are also URLs). Still sorts by time, to the millisecond.
 */
export function newUnguessableId(prefix: string, at: number = Date.now()): string {
  return `${prefix}_${encodeTime(at)}${encodeRandom(freshRandom())}`;
}

/** The pattern of each prefix's ids, compiled once: ingest checks a source id on every request. */
const ID_PATTERNS = new Map<string, RegExp>();

/** True when `value` looks like an id made by {@link newId} with `prefix`. */
export function isPrefixedId(value: unknown, prefix: string): value is string {
  if (typeof value !== 'string') return false;
  let pattern = ID_PATTERNS.get(prefix);
  if (pattern === undefined) {
    pattern = new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`);
    ID_PATTERNS.set(prefix, pattern);
  }
  return pattern.test(value);
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** The 80 random bits as 16 characters of 5 bits, most significant first (so ids sort by them). */
function encodeRandom(bytes: Uint8Array): string {
  let out = '';
  // At most 12 pending bits: plain numbers, no BigInt (which cost more than the rest of the id).
  let pending = 0;
  let pendingBits = 0;
  for (const byte of bytes) {
    pending = (pending << 8) | byte;
    pendingBits += 8;
    while (pendingBits >= 5) {
      pendingBits -= 5;
      out += ALPHABET[(pending >> pendingBits) & 31];
    }
    pending &= (1 << pendingBits) - 1;
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = Uint8Array.from(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 255) {
      next[i]++;
      return next;
    }
    next[i] = 0;
  }
  return next;
}
