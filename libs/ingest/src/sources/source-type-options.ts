import { OptionChecker } from '@org/common';
import type { InboundSourceType } from '../interfaces/inbound-source.interface.js';
import { resolveHmac, resolveHubSpot } from '../options/resolve-sources.js';
import { secretProblem, toleranceSeconds, type SecretShape } from '../options/source-option-checks.js';
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
const HUBSPOT_KEYS: Record<string, string> = {
  versions: 'versions',
  max_age_seconds: 'maxAgeSeconds',
  public_url: 'publicUrl',
};

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
      return { type, options: hmac({ ...camelCase(options, HMAC_KEYS), secrets }, check) };
    }
  }
}

function checkSecrets(type: InboundSourceType, secrets: string[], check: OptionChecker): void {
  for (const secret of secrets) {
    const problem = secretProblem(secretShapeOf(type), secret);
    if (problem) check.fail('secret', problem);
  }
}

/** What the verifier of a source `type` needs of its secret. */
export function secretShapeOf(type: InboundSourceType): SecretShape {
  return type === 'stripe' || type === 'standard_webhooks' ? type : 'shared';
}

/**
 * A secret of the shape `type` needs, standing in where options are checked without a new secret
 * (an options update): only the options' problems are then reported.
 */
export function placeholderSecret(type: InboundSourceType): string {
  const shape = secretShapeOf(type);
  if (shape === 'standard_webhooks') return `whsec_${Buffer.alloc(32).toString('base64')}`;
  return shape === 'stripe' ? 'whsec_placeholder_secret' : 'placeholder-secret-0000';
}

function window(check: OptionChecker, options: Record<string, unknown>): number {
  return toleranceSeconds(check, 'options.tolerance_seconds', options.tolerance_seconds);
}

/**
 * Runs a resolver of the configured sources on API options: snake_case keys become its camelCase
 * ones, and its problems are named back in the API's terms (`options.<snake_key>`, `secret`).
 */
function viaConfigResolver<T>(
  options: Record<string, unknown>,
  keys: Record<string, string>,
  secretsKey: string,
  check: OptionChecker,
  resolve: (value: Record<string, unknown>, inner: OptionChecker) => T,
): T {
  const toSnake = Object.fromEntries(Object.entries(keys).map(([snake, camel]) => [camel, snake]));
  const inner = new OptionChecker();
  const resolved = resolve(options, inner);
  for (const { option, problem } of inner.problems) {
    const key = option.slice('options.'.length);
    // The one `secret` the API was given (`secrets[0]` here) was checked already, by checkSecrets.
    if (key === secretsKey || key.startsWith(`${secretsKey}[`)) continue;
    check.fail(`options.${toSnake[key] ?? key}`, problem);
  }
  return resolved;
}

/** The generic HMAC resolver of configured sources, for options already in camelCase. */
function hmac(options: Record<string, unknown>, check: OptionChecker): ResolvedHmacSource {
  return viaConfigResolver(options, HMAC_KEYS, 'secrets', check, (value, inner) =>
    resolveHmac(value, 'options', inner),
  );
}

/** HubSpot through the configured sources' resolver. */
function hubspot(
  options: Record<string, unknown>,
  secrets: string[],
  check: OptionChecker,
): ResolvedHubSpotSource {
  check.knownKeys('options.', options, Object.keys(HUBSPOT_KEYS));
  const camel = camelCase(options, HUBSPOT_KEYS);
  return viaConfigResolver(camel, HUBSPOT_KEYS, 'clientSecrets', check, (value, inner) =>
    resolveHubSpot({ ...value, clientSecrets: secrets }, inner, 'options'),
  );
}

/** The known snake_case keys of `options`, renamed to the configured sources' camelCase. */
function camelCase(options: Record<string, unknown>, keys: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(options)
      .filter(([key]) => key in keys)
      .map(([key, value]) => [keys[key], value]),
  );
}
