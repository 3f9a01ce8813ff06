import { OptionChecker } from '@org/common';
import type { InboundSourceType } from '../interfaces/inbound-source.interface.js';
import { resolveHmac, STANDARD_WEBHOOKS_SECRET } from '../options/resolve-sources.js';
import type {
  ResolvedGitHubSource,
  ResolvedHmacSource,
  ResolvedHubSpotSource,
  ResolvedStandardWebhooksSource,
  ResolvedStripeSource,
} from '../options/resolved-ingest-options.js';

/** A source type with the verifier options it resolves to. */
export type SourceVerifierOptions =
  | { type: 'stripe'; options: ResolvedStripeSource }
  | { type: 'github'; options: ResolvedGitHubSource }
  | { type: 'hubspot'; options: ResolvedHubSpotSource }
  | { type: 'hmac' | 'shopify' | 'slack'; options: ResolvedHmacSource }
  | { type: 'standard_webhooks'; options: ResolvedStandardWebhooksSource };

const WINDOW = { min: 1, fallback: 300 };
const HMAC_KEYS: Record<string, string> = {
  header: 'header',
  algorithm: 'algorithm',
  encoding: 'encoding',
  prefix: 'prefix',
  timestamp_header: 'timestampHeader',
  tolerance_seconds: 'toleranceSeconds',
  signed_payload: 'signedPayload',
  id_header: 'idHeader',
  id_field: 'idField',
  type_header: 'typeHeader',
  type_field: 'typeField',
};
const CAMEL_TO_SNAKE = Object.fromEntries(Object.entries(HMAC_KEYS).map(([snake, camel]) => [camel, snake]));

/**
 * Shopify: base64 HMAC-SHA256 of the raw body in `X-Shopify-Hmac-Sha256`, signed with the app's
 * client secret; `X-Shopify-Webhook-Id` is the event id and `X-Shopify-Topic` the type.
 */
const SHOPIFY_PRESET = {
  header: 'x-shopify-hmac-sha256',
  encoding: 'base64',
  idHeader: 'x-shopify-webhook-id',
  typeHeader: 'x-shopify-topic',
};

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">` with the app's signing
 * secret, `X-Slack-Request-Timestamp` within 5 minutes; Events API `event_id` and `event.type`.
 */
const SLACK_PRESET = {
  header: 'x-slack-signature',
  prefix: 'v0=',
  timestampHeader: 'x-slack-request-timestamp',
  idField: 'event_id',
  typeField: 'event.type',
};

/** The types whose secret the provider issues (it must be given); the others get one generated. */
export const PROVIDER_ISSUED_SECRET_TYPES: readonly InboundSourceType[] = [
  'stripe',
  'hubspot',
  'shopify',
  'slack',
];

/**
 * Validates a source's type options (snake_case, under `options`) and its secrets, and resolves the
 * verifier options with every default applied. Problems are recorded on `check` as `options.<key>`
 * and `secret`, so the API names each bad field.
 */
export function resolveSourceVerifierOptions(
  type: InboundSourceType,
  options: Record<string, unknown>,
  secrets: string[],
  check: OptionChecker,
): SourceVerifierOptions {
  checkSecrets(type, secrets, check);
  // Common to every type: checked here, applied by the gateway (see sourceBodyLimit).
  const { max_body_bytes: maxBodyBytes, ...typeOptions } = options;
  if (maxBodyBytes !== undefined) check.integer('options.max_body_bytes', maxBodyBytes, 1, 1);
  return resolveTypeOptions(type, typeOptions, secrets, check);
}

/**
 * The largest body a source accepts: its `max_body_bytes` option, capped by the module's
 * `maxBodyBytes` (which the host's body parser enforces first anyway).
 */
export function sourceBodyLimit(options: Record<string, unknown>, moduleLimit: number): number {
  const own = options.max_body_bytes;
  return typeof own === 'number' && Number.isInteger(own) && own > 0
    ? Math.min(own, moduleLimit)
    : moduleLimit;
}

function resolveTypeOptions(
  type: InboundSourceType,
  options: Record<string, unknown>,
  secrets: string[],
  check: OptionChecker,
): SourceVerifierOptions {
  switch (type) {
    case 'stripe':
      check.knownKeys('options.', options, ['tolerance_seconds']);
      return { type, options: { secrets, tolerance: window(check, options) } };
    case 'github':
      check.knownKeys('options.', options, []);
      return { type, options: { secrets } };
    case 'hubspot':
      return { type, options: hubspot(options, secrets, check) };
    case 'standard_webhooks':
      check.knownKeys('options.', options, ['tolerance_seconds']);
      return { type, options: { secrets, toleranceSeconds: window(check, options) } };
    case 'shopify':
      check.knownKeys('options.', options, []);
      return { type, options: hmac({ ...SHOPIFY_PRESET, secrets }, check) };
    case 'slack':
      check.knownKeys('options.', options, ['tolerance_seconds']);
      return {
        type,
        options: hmac({ ...SLACK_PRESET, toleranceSeconds: window(check, options), secrets }, check),
      };
    case 'hmac': {
      check.knownKeys('options.', options, Object.keys(HMAC_KEYS));
      const camel = Object.fromEntries(
        Object.entries(options)
          .filter(([key]) => key in HMAC_KEYS)
          .map(([key, value]) => [HMAC_KEYS[key], value]),
      );
      return { type, options: hmac({ ...camel, secrets }, check) };
    }
  }
}

function checkSecrets(type: InboundSourceType, secrets: string[], check: OptionChecker): void {
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > 1024 || /\s/.test(secret))
      check.fail('secret', 'must be 1 to 1024 characters without spaces');
    else if (type === 'stripe' && !secret.startsWith('whsec_'))
      check.fail('secret', 'must be a Stripe endpoint secret (whsec_…)');
    else if (type === 'standard_webhooks' && !STANDARD_WEBHOOKS_SECRET.test(secret))
      check.fail('secret', 'must be whsec_ followed by base64');
  }
}

function window(check: OptionChecker, options: Record<string, unknown>): number {
  return check.integer('options.tolerance_seconds', options.tolerance_seconds, WINDOW.fallback, WINDOW.min);
}

/** The generic HMAC resolver, with its camelCase option names turned back into the API's snake_case. */
function hmac(options: Record<string, unknown>, check: OptionChecker): ResolvedHmacSource {
  const inner = new OptionChecker();
  const resolved = resolveHmac(options, 'options', inner);
  for (const { option, problem } of inner.problems) {
    const key = option.slice('options.'.length);
    check.fail(key === 'secrets' ? 'secret' : `options.${CAMEL_TO_SNAKE[key] ?? key}`, problem);
  }
  return resolved;
}

function hubspot(
  options: Record<string, unknown>,
  secrets: string[],
  check: OptionChecker,
): ResolvedHubSpotSource {
  check.knownKeys('options.', options, ['versions', 'max_age_seconds', 'public_url']);
  const isVersion = (v: unknown): v is 'v1' | 'v2' | 'v3' => v === 'v1' || v === 'v2' || v === 'v3';
  let versions: ('v1' | 'v2' | 'v3')[] = ['v3'];
  if (options.versions !== undefined) {
    const listed: unknown[] = Array.isArray(options.versions) ? options.versions : [];
    if (listed.length > 0 && listed.every(isVersion)) versions = [...new Set(listed.filter(isVersion))];
    else check.fail('options.versions', "must be a non-empty array of 'v1', 'v2', 'v3'");
  }
  const publicUrl = check.string('options.public_url', options.public_url, undefined);
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl))
    check.fail('options.public_url', 'must be an http(s) base URL without query');
  return {
    clientSecrets: secrets,
    versions,
    maxAgeSeconds: check.integer('options.max_age_seconds', options.max_age_seconds, 300, 1),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
  };
}
