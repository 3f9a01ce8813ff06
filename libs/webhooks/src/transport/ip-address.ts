import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as bytes: 4 for IPv4, 16 for IPv6. */
export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
}

/**
 * Parses a literal IP address (dotted-quad IPv4, or IPv6 with optional brackets, `::` compression,
 * an embedded dotted quad and a `%zone`). Returns `null` for anything else, including the
 * shorthand IPv4 forms (`127.1`, `0x7f.1`, `2130706433`): those are normalised by the WHATWG URL
 * parser before they reach us, and refusing them here keeps a hand-written address from being read
 * differently by us and by the socket.
 */
export function parseIp(input: string): ParsedIp | null {
  let text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  if (isIPv4(text)) return { family: 4, bytes: Uint8Array.from(text.split('.').map(Number)) };
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  if (!isIPv6(text)) return null;
  return { family: 6, bytes: ipv6Bytes(text) };
}

function ipv6Bytes(text: string): Uint8Array {
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  let groups = text;
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    groups = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = groups.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const restParts = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - headParts.length - restParts.length).fill('0');
  const words = [...headParts, ...zeros, ...restParts].map((word) => parseInt(word, 16));
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return bytes;
}

/** Formats 4 bytes as a dotted quad. */
export function formatIpv4(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 4)).join('.');
}

/** True when the first `prefixLength` bits of `bytes` equal those of `network`. */
export function inPrefix(bytes: Uint8Array, network: Uint8Array, prefixLength: number): boolean {
  const whole = prefixLength >> 3;
  for (let i = 0; i < whole; i++) if (bytes[i] !== network[i]) return false;
  const bits = prefixLength & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((network[whole] ?? 0) & mask);
}
