import { BUILT_IN_SOURCES, RESERVED_SOURCE_NAMES, SOURCE_NAME_PATTERN } from '../ingest.constants.js';
import type { OptionChecker } from '@org/common';
import type { ResolvedIngestOptions } from './resolved-ingest-options.js';
import { headerName, sourceSecrets, toleranceSeconds } from './source-option-checks.js';

type ResolvedSources = ResolvedIngestOptions['sources'];

const SOURCE_GROUPS = ['stripe', 'github', 'hubspot', 'hmac', 'standardWebhooks', 'custom'] as const;

/** Validates `sources` and merges each source's defaults. */
export function resolveSources(value: unknown, check: OptionChecker): ResolvedSources {
  const sources: ResolvedSources = { hmac: {}, standardWebhooks: {}, custom: {} };
  if (value === undefined) return sources;
  if (!check.object('sources', value)) return sources;
  check.knownKeys('sources.', value, SOURCE_GROUPS);

  if (value.stripe !== undefined && check.object('sources.stripe', value.stripe)) {
    check.knownKeys('sources.stripe.', value.stripe, ['secrets', 'tolerance']);
    sources.stripe = {
      secrets: sourceSecrets(check, 'sources.stripe.secrets', value.stripe.secrets, 'stripe'),
      tolerance: toleranceSeconds(check, 'sources.stripe.tolerance', value.stripe.tolerance),
    };
  }
  if (value.github !== undefined && check.object('sources.github', value.github)) {
    check.knownKeys('sources.github.', value.github, ['secrets']);
    sources.github = {
      secrets: sourceSecrets(check, 'sources.github.secrets', value.github.secrets, 'shared'),
    };
  }
  if (value.hubspot !== undefined && check.object('sources.hubspot', value.hubspot)) {
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
    if (!check.object(path, options)) continue;
    check.knownKeys(`${path}.`, options, ['secrets', 'toleranceSeconds']);
    sources.standardWebhooks[name] = {
      secrets: sourceSecrets(check, `${path}.secrets`, options.secrets, 'standard_webhooks'),
      toleranceSeconds: toleranceSeconds(check, `${path}.toleranceSeconds`, options.toleranceSeconds),
    };
  }
  for (const [name, verifier] of namedSources(value.custom, 'sources.custom', names, check)) {
    const isClass = typeof verifier === 'function';
    if (isClass || check.implementation(`sources.custom.${name}`, verifier, ['verify', 'parse'])) {
      sources.custom[name] = verifier as ResolvedSources['custom'][string];
    }
  }
  return sources;
}

/**
 * A `publicUrl` option: an http(s) base URL without query or fragment, returned without trailing
 * slashes (paths are appended to it); `undefined` when unset or refused.
 */
export function publicBaseUrl(check: OptionChecker, path: string, value: unknown): string | undefined {
  const publicUrl = check.string(path, value, undefined);
  if (publicUrl === undefined) return undefined;
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(publicUrl)) {
    check.fail(path, 'must be an http(s) base URL without query, e.g. https://api.example.com');
    return undefined;
  }
  return publicUrl.replace(/\/+$/, '');
}

/** Validates a HubSpot source (problems named under `path`) and merges its defaults. */
export function resolveHubSpot(
  value: Record<string, unknown>,
  check: OptionChecker,
  path = 'sources.hubspot',
): NonNullable<ResolvedSources['hubspot']> {
  check.knownKeys(`${path}.`, value, ['clientSecrets', 'versions', 'maxAgeSeconds', 'publicUrl']);
  let versions: ('v1' | 'v2' | 'v3')[] = ['v3'];
  if (value.versions !== undefined) {
    const listed: unknown[] = Array.isArray(value.versions) ? value.versions : [];
    const isVersion = (v: unknown): v is 'v1' | 'v2' | 'v3' => v === 'v1' || v === 'v2' || v === 'v3';
    if (listed.length > 0 && listed.every(isVersion)) versions = [...new Set(listed.filter(isVersion))];
    else check.fail(`${path}.versions`, "must be a non-empty array of 'v1', 'v2', 'v3'");
  }
  const publicUrl = publicBaseUrl(check, `${path}.publicUrl`, value.publicUrl);
  return {
    clientSecrets: sourceSecrets(check, `${path}.clientSecrets`, value.clientSecrets, 'shared'),
    versions,
    maxAgeSeconds: toleranceSeconds(check, `${path}.maxAgeSeconds`, value.maxAgeSeconds),
    ...(publicUrl ? { publicUrl } : {}),
  };
}

/** Validates one generic HMAC source (problems named under `path`) and merges its defaults. */
export function resolveHmac(
  value: unknown,
  path: string,
  check: OptionChecker,
): ResolvedSources['hmac'][string] {
  const known = [
    'secrets',
    'header',
    'algorithm',
    'encoding',
    'prefix',
    'timestampHeader',
    'toleranceSeconds',
  ];
  const object = check.object(path, value) ? value : {};
  check.knownKeys(`${path}.`, object, [
    ...known,
    'signedPayload',
    'idHeader',
    'idField',
    'typeHeader',
    'typeField',
  ]);
  const timestampHeader = headerName(check, `${path}.timestampHeader`, object.timestampHeader);
  const signedPayload = check.oneOf(
    `${path}.signedPayload`,
    object.signedPayload,
    ['body', 'timestamp.body'],
    timestampHeader ? 'timestamp.body' : 'body',
  );
  if (signedPayload === 'timestamp.body' && !timestampHeader)
    check.fail(`${path}.signedPayload`, "'timestamp.body' needs timestampHeader");
  if (object.prefix !== undefined && typeof object.prefix !== 'string')
    check.fail(`${path}.prefix`, 'must be a string');
  if (object.header === undefined) check.fail(`${path}.header`, 'is required');
  return {
    secrets: sourceSecrets(check, `${path}.secrets`, object.secrets, 'shared'),
    header: headerName(check, `${path}.header`, object.header) ?? '',
    algorithm: check.oneOf(`${path}.algorithm`, object.algorithm, ['sha256', 'sha1', 'sha512'], 'sha256'),
    encoding: check.oneOf(`${path}.encoding`, object.encoding, ['hex', 'base64'], 'hex'),
    prefix: typeof object.prefix === 'string' ? object.prefix : '',
    timestampHeader,
    toleranceSeconds: toleranceSeconds(check, `${path}.toleranceSeconds`, object.toleranceSeconds),
    signedPayload,
    idHeader: headerName(check, `${path}.idHeader`, object.idHeader),
    idField: check.string(`${path}.idField`, object.idField, 'id'),
    typeHeader: headerName(check, `${path}.typeHeader`, object.typeHeader),
    typeField: check.string(`${path}.typeField`, object.typeField, 'type'),
  };
}

/** The entries of a by-name group, refusing bad and repeated names (names are URL segments and keys). */
function namedSources(
  group: unknown,
  path: string,
  taken: Set<string>,
  check: OptionChecker,
): [string, unknown][] {
  if (group === undefined || !check.object(path, group)) return [];
  return Object.entries(group).filter(([name]) => {
    if (!SOURCE_NAME_PATTERN.test(name)) {
      check.fail(`${path}.${name}`, 'has a bad name: use lower-case letters, digits, - and _ (max 63)');
      return false;
    }
    if ((RESERVED_SOURCE_NAMES as readonly string[]).includes(name)) {
      check.fail(
        `${path}.${name}`,
        `is a reserved name (${RESERVED_SOURCE_NAMES.join(', ')} are paths of the outbound webhooks API)`,
      );
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
