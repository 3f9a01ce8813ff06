import { formatIpv4, inPrefix, parseIp, type ParsedIp } from './ip-address.js';

/**
 * What kind of address an IP is, for the SSRF policy. `link-local` and `metadata` are refused
 * always; `public` is allowed always; every other class only when private addresses are allowed.
 * `reserved` covers documentation, benchmarking, protocol-assignment, 240/4, deprecated IPv6
 * forms and unassigned IPv6 space.
 */
export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link-local'
  | 'metadata'
  | 'cgnat'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'invalid';

type Rule = readonly [network: string, prefixLength: number, verdict: AddressClass];

// First match wins, so exact cloud-metadata addresses come before the ranges that contain them.
const IPV4_RULES: readonly Rule[] = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OCI, DigitalOcean …
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['192.0.0.192', 32, 'metadata'], // Oracle Cloud (classic)
  ['169.254.0.0', 16, 'link-local'],
  ['0.0.0.0', 8, 'unspecified'], // "this network": Linux connects 0.0.0.0 to the local host
  ['10.0.0.0', 8, 'private'],
  ['172.16.0.0', 12, 'private'],
  ['192.168.0.0', 16, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['255.255.255.255', 32, 'broadcast'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
];

type Ipv6Rule = readonly [network: string, prefixLength: number, verdict: AddressClass | 'embedded-ipv4'];

const IPV6_RULES: readonly Ipv6Rule[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'], // AWS IMDS over IPv6
  ['::ffff:0:0', 96, 'embedded-ipv4'], // IPv4-mapped
  ['::ffff:0:0:0', 96, 'embedded-ipv4'], // IPv4-translated (SIIT)
  ['64:ff9b::', 96, 'embedded-ipv4'], // NAT64 well-known prefix
  ['64:ff9b:1::', 48, 'private'], // NAT64 local use
  ['::', 96, 'embedded-ipv4'], // IPv4-compatible (deprecated)
  ['2002::', 16, 'embedded-ipv4'], // 6to4
  ['2001:db8::', 32, 'reserved'], // documentation
  ['2001::', 32, 'reserved'], // Teredo: tunnels to an obfuscated IPv4 address
  ['2001:10::', 28, 'reserved'],
  ['2001:20::', 28, 'reserved'],
  ['100::', 64, 'reserved'], // discard-only
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['fc00::', 7, 'private'], // unique local
  ['ff00::', 8, 'multicast'],
  ['2000::', 3, 'public'],
  ['::', 0, 'reserved'], // not (yet) allocated for global unicast
];

const compile = <T>(rules: readonly (readonly [string, number, T])[]) =>
  rules.map(([network, prefix, verdict]) => ({ network: parseIp(network)!.bytes, prefix, verdict }));
const ipv4Rules = compile(IPV4_RULES);
const ipv6Rules = compile(IPV6_RULES);

/**
 * Classifies a literal IP address (IPv4 dotted quad or IPv6, brackets and zone allowed). IPv6
 * forms that carry an IPv4 address (mapped, translated, NAT64, IPv4-compatible, 6to4) take the
 * class of that IPv4 address, so `::ffff:127.0.0.1` is `loopback` and `2002:a9fe:a9fe::` is
 * `metadata`; a deprecated IPv4-compatible form of a public address is `reserved`.
 *
 * @example classifyAddress('10.1.2.3') // 'private'
 */
export function classifyAddress(ip: string): AddressClass {
  const parsed = parseIp(ip);
  return parsed ? classifyParsed(parsed) : 'invalid';
}

function classifyParsed({ family, bytes }: ParsedIp): AddressClass {
  if (family === 4)
    return ipv4Rules.find((rule) => inPrefix(bytes, rule.network, rule.prefix))?.verdict ?? 'public';
  const rule = ipv6Rules.find((candidate) => inPrefix(bytes, candidate.network, candidate.prefix))!;
  if (rule.verdict !== 'embedded-ipv4') return rule.verdict;
  const isSixToFour = bytes[0] === 0x20 && bytes[1] === 0x02;
  const embedded = isSixToFour ? bytes.subarray(2, 6) : bytes.subarray(12, 16);
  const inner = classifyAddress(formatIpv4(embedded));
  const isIpv4Compatible = rule.network.every((byte) => byte === 0) && rule.prefix === 96;
  return isIpv4Compatible && inner === 'public' ? 'reserved' : inner;
}

/** Options of {@link isAllowedAddress}. */
export interface AddressPolicy {
  /** Allow loopback, private, CGNAT and the other non-public classes (never link-local or metadata). */
  allowPrivate: boolean;
}

/**
 * Whether a delivery may connect to `ip`: public addresses always; link-local and cloud metadata
 * never; everything else only with `allowPrivate`. Unparseable input is refused.
 */
export function isAllowedAddress(ip: string, { allowPrivate }: AddressPolicy): boolean {
  return isAllowedClass(classifyAddress(ip), allowPrivate);
}

/** The policy of {@link isAllowedAddress} applied to a class. */
export function isAllowedClass(verdict: AddressClass, allowPrivate: boolean): boolean {
  if (verdict === 'public') return true;
  if (verdict === 'link-local' || verdict === 'metadata' || verdict === 'invalid') return false;
  return allowPrivate;
}
