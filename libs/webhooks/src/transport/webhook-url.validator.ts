import { classifyAddress, isAllowedClass } from './address-classifier.js';
import { parseIp } from './ip-address.js';

/**
 * Host names of cloud instance-metadata services (GCP, AWS, Azure, OpenStack, Alibaba): refused at
 * create time whatever the policy, like the link-local addresses they resolve to.
 */
export const METADATA_HOST_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.com',
  'metadata.azure.internal',
  'metadata.packet.net',
  'metadata.platformequinix.com',
]);

/**
 * The URL as stored: WHATWG-normalised (`new URL(url).href`: lower-case scheme and host, default
 * port dropped, path percent-encoded), so what is shown is what is called.
 */
export function normalizeWebhookUrl(url: string): string {
  return new URL(url).href;
}

/** Options of {@link validateWebhookUrl}. */
export interface WebhookUrlPolicy {
  /** Allow plain http, loopback/private literal addresses and `localhost` (local work and tests). */
  allowPrivateAddresses: boolean;
}

/** Outcome of {@link validateWebhookUrl}: `reason` is a sentence fit for a 400 response. */
export type WebhookUrlCheck = { ok: true } | { ok: false; reason: string };

/**
 * The STATIC check of a subscription URL, for create/update time: an absolute http(s) URL (https
 * unless private addresses are allowed), no credentials, and no literal IP or `localhost` name the
 * policy refuses. Literal addresses are judged after WHATWG normalisation, so `http://2130706433/`,
 * `http://0x7f.1/` and `http://[::ffff:127.0.0.1]/` are all seen as loopback.
 *
 * It does not resolve DNS: a name can point anywhere later, so the transport checks the resolved
 * address again at connect time.
 */
export function validateWebhookUrl(
  url: string,
  { allowPrivateAddresses }: WebhookUrlPolicy,
): WebhookUrlCheck {
  // new URL() would silently strip them, storing something other than what the caller typed.
  if (url.trim() !== url) return { ok: false, reason: 'must not start or end with whitespace' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'must be an absolute http(s) URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, reason: `scheme ${parsed.protocol.slice(0, -1)} is not supported, use https` };
  }
  if (parsed.protocol === 'http:' && !allowPrivateAddresses) {
    return { ok: false, reason: 'must use https' };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'must not contain credentials (user:password@)' };
  }
  const host = parsed.hostname;
  if (!host) return { ok: false, reason: 'must have a host' };
  if (parsed.port === '0') return { ok: false, reason: 'port 0 cannot be connected to' };
  if (parseIp(host)) {
    const verdict = classifyAddress(host);
    return isAllowedClass(verdict, allowPrivateAddresses)
      ? { ok: true }
      : { ok: false, reason: `blocked address ${host.replace(/^\[|\]$/g, '')} (${verdict})` };
  }
  const name = host.replace(/\.$/, '');
  if (METADATA_HOST_NAMES.has(name)) return { ok: false, reason: `host ${name} is a cloud metadata service` };
  if (!allowPrivateAddresses && (name === 'localhost' || name.endsWith('.localhost'))) {
    return { ok: false, reason: `host ${host} is a loopback name` };
  }
  return { ok: true };
}
