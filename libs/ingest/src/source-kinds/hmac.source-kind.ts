import type { OptionChecker } from '@org/common';
import type { ResolvedHmacSource } from '../options/resolved-ingest-options.js';
import { headerName, sourceSecrets, toleranceSeconds } from '../options/source-option-checks.js';
import { HmacWebhookVerifier } from '../verification/hmac.verifier.js';
import { camelCase, viaConfigResolver } from './created-source-options.js';
import type { SourceKind, SourceSecretRule } from './source-kind.interface.js';

const SECRET: SourceSecretRule = { shape: 'shared', issuedByProvider: false };

/** The API's snake_case option keys and the configured source's camelCase ones. */
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

/**
 * Any HMAC scheme, described by its options (header, algorithm, encoding, prefix, timestamp);
 * configured by name.
 */
export const hmacSourceKind: SourceKind<ResolvedHmacSource> = {
  secret: SECRET,
  configured: { key: 'hmac', shape: 'named', resolve: resolveHmac },
  optionKeys: Object.keys(HMAC_KEYS),
  resolveCreated: (options, secrets, check) =>
    resolveCreatedHmac({ ...camelCase(options, HMAC_KEYS), secrets }, check),
  createVerifier: (options) => new HmacWebhookVerifier(options),
};

/**
 * The HMAC options of a source created over the API, already in camelCase (a preset's, or the
 * `hmac` kind's renamed), through the configured sources' resolver; problems named `options.<key>`.
 */
export function resolveCreatedHmac(
  options: Record<string, unknown>,
  check: OptionChecker,
): ResolvedHmacSource {
  return viaConfigResolver(options, HMAC_KEYS, 'secrets', check, (value, inner) =>
    resolveHmac(value, 'options', inner),
  );
}

/** Validates one generic HMAC source (problems named under `path`) and merges its defaults. */
function resolveHmac(value: unknown, path: string, check: OptionChecker): ResolvedHmacSource {
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
    secrets: sourceSecrets(check, `${path}.secrets`, object.secrets, SECRET.shape),
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
