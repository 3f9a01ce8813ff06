import { BUILT_IN_SOURCES, SOURCE_NAME_PATTERN } from '../ingest.constants.js';
import type { OptionChecks } from './option-checks.js';
import type { ResolvedIngestOptions } from './resolved-ingest-options.js';

type ResolvedSources = ResolvedIngestOptions['sources'];

const SOURCE_GROUPS = ['stripe', 'github', 'hubspot', 'hmac', 'standardWebhooks', 'custom'] as const;
const STANDARD_WEBHOOKS_SECRET = /^(whsec_)?[A-Za-z0-9+/]+={0,2}$/;

/** Validates `sources` and merges each source's defaults. */
export function resolveSources(value: unknown, check: OptionChecks): ResolvedSources {
  const sources: ResolvedSources = { hmac: {}, standardWebhooks: {}, custom: {} };
  if (value === undefined) return sources;
  if (!check.isObject(value, 'sources')) return sources;
  check.onlyKnownKeys(value, SOURCE_GROUPS, 'sources');

  if (value.stripe !== undefined && check.isObject(value.stripe, 'sources.stripe')) {
    check.onlyKnownKeys(value.stripe, ['secrets', 'tolerance'], 'sources.stripe');
    sources.stripe = {
      secrets: check.secrets(value.stripe.secrets, 'sources.stripe.secrets'),
      tolerance: check.number(value.stripe.tolerance, 'sources.stripe.tolerance', 300, 1),
    };
  }
  if (value.github !== undefined && check.isObject(value.github, 'sources.github')) {
    check.onlyKnownKeys(value.github, ['secrets'], 'sources.github');
    sources.github = { secrets: check.secrets(value.github.secrets, 'sources.github.secrets') };
  }
  if (value.hubspot !== undefined && check.isObject(value.hubspot, 'sources.hubspot')) {
    sources.hubspot = resolveHubSpot(value.hubspot, check);
  }
  const names = new Set<string>(BUILT_IN_SOURCES);
  for (const [name, options] of namedSources(value.hmac, 'sources.hmac', names, check)) {
    sources.hmac[name] = resolveHmac(options, `sources.hmac.${name}`, check);
  }
  for (const [name, options] of namedSources(
    value.standardWebhooks,
    'sources.standardWebhooks',
    names,
    check,
  )) {
    const path = `sources.standardWebhooks.${name}`;
    if (!check.isObject(options, path)) continue;
    check.onlyKnownKeys(options, ['secrets', 'toleranceSeconds'], path);
    const secrets = check.secrets(options.secrets, `${path}.secrets`);
    secrets.forEach((secret, i) => {
      if (!STANDARD_WEBHOOKS_SECRET.test(secret))
        check.fail(`${path}.secrets[${i}]`, 'must be whsec_ followed by base64');
    });
    sources.standardWebhooks[name] = {
      secrets,
      toleranceSeconds: check.number(options.toleranceSeconds, `${path}.toleranceSeconds`, 300, 1),
    };
  }
  for (const [name, verifier] of namedSources(value.custom, 'sources.custom', names, check)) {
    const isClass = typeof verifier === 'function';
    if (isClass || check.implementation(verifier, ['verify', 'parse'], `sources.custom.${name}`)) {
      sources.custom[name] = verifier as ResolvedSources['custom'][string];
    }
  }
  return sources;
}

function resolveHubSpot(value: Record<string, unknown>, check: OptionChecks): ResolvedSources['hubspot'] {
  check.onlyKnownKeys(value, ['clientSecrets', 'versions', 'maxAgeSeconds', 'publicUrl'], 'sources.hubspot');
  let versions: ('v1' | 'v2' | 'v3')[] = ['v3'];
  if (value.versions !== undefined) {
    const listed: unknown[] = Array.isArray(value.versions) ? value.versions : [];
    const isVersion = (v: unknown): v is 'v1' | 'v2' | 'v3' => v === 'v1' || v === 'v2' || v === 'v3';
    if (listed.length > 0 && listed.every(isVersion)) versions = [...new Set(listed.filter(isVersion))];
    else check.fail('sources.hubspot.versions', "must be a non-empty array of 'v1', 'v2', 'v3'");
  }
  const publicUrl = check.string(value.publicUrl, 'sources.hubspot.publicUrl');
  if (publicUrl !== undefined && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) {
    check.fail(
      'sources.hubspot.publicUrl',
      'must be an http(s) base URL without query, e.g. https://api.example.com',
    );
  }
  return {
    clientSecrets: check.secrets(value.clientSecrets, 'sources.hubspot.clientSecrets'),
    versions,
    maxAgeSeconds: check.number(value.maxAgeSeconds, 'sources.hubspot.maxAgeSeconds', 300, 1),
    ...(publicUrl ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
  };
}

function resolveHmac(value: unknown, path: string, check: OptionChecks): ResolvedSources['hmac'][string] {
  const known = [
    'secrets',
    'header',
    'algorithm',
    'encoding',
    'prefix',
    'timestampHeader',
    'toleranceSeconds',
  ];
  const object = check.isObject(value, path) ? value : {};
  check.onlyKnownKeys(
    object,
    [...known, 'signedPayload', 'idHeader', 'idField', 'typeHeader', 'typeField'],
    path,
  );
  const timestampHeader = check.string(object.timestampHeader, `${path}.timestampHeader`)?.toLowerCase();
  const signedPayload = check.oneOf(
    object.signedPayload,
    ['body', 'timestamp.body'],
    `${path}.signedPayload`,
    timestampHeader ? 'timestamp.body' : 'body',
  );
  if (signedPayload === 'timestamp.body' && !timestampHeader)
    check.fail(`${path}.signedPayload`, "'timestamp.body' needs timestampHeader");
  if (object.prefix !== undefined && typeof object.prefix !== 'string')
    check.fail(`${path}.prefix`, 'must be a string');
  if (object.header === undefined) check.fail(`${path}.header`, 'is required');
  return {
    secrets: check.secrets(object.secrets, `${path}.secrets`),
    header: check.string(object.header, `${path}.header`, '').toLowerCase(),
    algorithm: check.oneOf(object.algorithm, ['sha256', 'sha1', 'sha512'], `${path}.algorithm`, 'sha256'),
    encoding: check.oneOf(object.encoding, ['hex', 'base64'], `${path}.encoding`, 'hex'),
    prefix: typeof object.prefix === 'string' ? object.prefix : '',
    timestampHeader,
    toleranceSeconds: check.number(object.toleranceSeconds, `${path}.toleranceSeconds`, 300, 1),
    signedPayload,
    idHeader: check.string(object.idHeader, `${path}.idHeader`)?.toLowerCase(),
    idField: check.string(object.idField, `${path}.idField`, 'id'),
    typeHeader: check.string(object.typeHeader, `${path}.typeHeader`)?.toLowerCase(),
    typeField: check.string(object.typeField, `${path}.typeField`, 'type'),
  };
}

/** The entries of a by-name group, refusing bad and repeated names (names are URL segments and keys). */
function namedSources(
  group: unknown,
  path: string,
  taken: Set<string>,
  check: OptionChecks,
): [string, unknown][] {
  if (group === undefined || !check.isObject(group, path)) return [];
  return Object.entries(group).filter(([name]) => {
    if (!SOURCE_NAME_PATTERN.test(name)) {
      check.fail(`${path}.${name}`, 'has a bad name: use lower-case letters, digits, - and _ (max 63)');
      return false;
    }
    if (taken.has(name)) {
      check.fail(`${path}.${name}`, 'reuses a source name that is already taken');
      return false;
    }
    taken.add(name);
    return true;
  });
}
