import type { OptionChecker } from '@org/common';
import type { ResolvedHubSpotSource } from '../options/resolved-ingest-options.js';
import { publicBaseUrl, sourceSecrets, toleranceSeconds } from '../options/source-option-checks.js';
import { HubSpotWebhookVerifier } from '../verification/hubspot.verifier.js';
import { camelCase, viaConfigResolver } from './created-source-options.js';
import type { SourceKind, SourceSecretRule } from './source-kind.interface.js';

const SECRET: SourceSecretRule = { shape: 'shared', issuedByProvider: true };

/** The API's snake_case option keys and the configured source's camelCase ones. */
const HUBSPOT_KEYS: Record<string, string> = {
  versions: 'versions',
  max_age_seconds: 'maxAgeSeconds',
  public_url: 'publicUrl',
};

/** HubSpot: signature v3, and v1/v2 where enabled, implemented here (no peer package). */
export const hubspotSourceKind: SourceKind<ResolvedHubSpotSource> = {
  secret: SECRET,
  configured: {
    key: 'hubspot',
    shape: 'single',
    resolve: (value, path, check) =>
      check.object(path, value) ? resolveHubSpot(value, check, path) : undefined,
  },
  optionKeys: Object.keys(HUBSPOT_KEYS),
  resolveCreated: (options, secrets, check) =>
    viaConfigResolver(
      camelCase(options, HUBSPOT_KEYS),
      HUBSPOT_KEYS,
      'clientSecrets',
      check,
      (value, inner) => resolveHubSpot({ ...value, clientSecrets: secrets }, inner, 'options'),
    ),
  createVerifier: (options) => new HubSpotWebhookVerifier(options),
};

/** Validates a HubSpot source (problems named under `path`) and merges its defaults. */
function resolveHubSpot(
  value: Record<string, unknown>,
  check: OptionChecker,
  path: string,
): ResolvedHubSpotSource {
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
    clientSecrets: sourceSecrets(check, `${path}.clientSecrets`, value.clientSecrets, SECRET.shape),
    versions,
    maxAgeSeconds: toleranceSeconds(check, `${path}.maxAgeSeconds`, value.maxAgeSeconds),
    ...(publicUrl ? { publicUrl } : {}),
  };
}
