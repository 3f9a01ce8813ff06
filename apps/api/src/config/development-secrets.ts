import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANAGEMENT_SCOPES } from '@org/common';
import type { AppConfig } from './app-config.js';

/** An inbound source's secret made for development because its setting was unset. */
export interface GeneratedSourceSecret {
  /** The configured source it turns on (`POST /api/webhooks/<source>`). */
  source: 'stripe' | 'github' | 'hubspot';
  /** The setting that gives the secret instead, e.g. `STRIPE_WEBHOOK_SECRET`. */
  setting: string;
  /** Where it is kept, in the data folder. */
  file: string;
  secret: string;
}

/** What {@link withDevelopmentSecrets} generated, so start-up can tell the user. */
export interface GeneratedSecrets {
  /** The API key made for this data folder, when `WEBHOOKS_API_KEYS` was unset. */
  apiKey: string | null;
  /** True when the encryption key came from the data folder rather than `WEBHOOKS_SECRET_KEY(S)`. */
  secretKeyFromDataDir: boolean;
  /** The inbound sources' secrets made because their settings were unset (never in production). */
  sourceSecrets: GeneratedSourceSecret[];
}

/**
 * The configured inbound sources development turns on: each one's setting, the file its generated
 * secret is kept in (`npm run send` reads the same names, tools/send/src/development-secrets.ts), and
 * a secret of the provider's own shape (Stripe CLI's `whsec_` and 64 hex digits, GitHub's suggested
 * 20 random bytes in hex, a HubSpot app's UUID client secret).
 */
const DEVELOPMENT_SOURCES = [
  {
    source: 'stripe',
    config: 'stripeSecrets',
    setting: 'STRIPE_WEBHOOK_SECRET',
    file: 'dev-stripe-webhook-secret',
    make: () => `whsec_${randomBytes(32).toString('hex')}`,
  },
  {
    source: 'github',
    config: 'githubSecrets',
    setting: 'GITHUB_WEBHOOK_SECRET',
    file: 'dev-github-webhook-secret',
    make: () => randomBytes(20).toString('hex'),
  },
  {
    source: 'hubspot',
    config: 'hubspotSecrets',
    setting: 'HUBSPOT_CLIENT_SECRET',
    file: 'dev-hubspot-client-secret',
    make: () => randomUUID(),
  },
] as const satisfies readonly (Pick<GeneratedSourceSecret, 'source' | 'setting' | 'file'> & {
  config: keyof AppConfig;
  make: () => string;
})[];

/**
 * Fills in what development may leave unset: an API key, the secret-encryption key and, outside
 * production, the Stripe, GitHub and HubSpot sources' secrets, each made once and kept in the data
 * folder (mode 0600) so restarts keep working with the same values. `loadAppConfig` has already
 * refused the two keys being unset in production; an inbound source left unset there stays off.
 */
export function withDevelopmentSecrets(config: AppConfig): {
  config: AppConfig;
  generated: GeneratedSecrets;
} {
  const generated: GeneratedSecrets = { apiKey: null, secretKeyFromDataDir: false, sourceSecrets: [] };
  let { apiKeys, secretKeys } = config;
  if (apiKeys.length === 0) {
    const key = readOrCreate(
      join(config.dataDir, 'dev-api-key'),
      () => `dev_${randomBytes(24).toString('base64url')}`,
    );
    apiKeys = [{ key, workspace: null, scopes: [...MANAGEMENT_SCOPES] }];
    generated.apiKey = key;
  }
  if (secretKeys.length === 0) {
    secretKeys = [readOrCreate(join(config.dataDir, 'secret-key'), () => randomBytes(32).toString('base64'))];
    generated.secretKeyFromDataDir = true;
  }
  const sourceSecrets: Partial<Pick<AppConfig, (typeof DEVELOPMENT_SOURCES)[number]['config']>> = {};
  if (config.nodeEnv !== 'production') {
    for (const { source, config: field, setting, file: name, make } of DEVELOPMENT_SOURCES) {
      if (config[field].length > 0) continue;
      const file = join(config.dataDir, name);
      const secret = readOrCreate(file, make);
      sourceSecrets[field] = [secret];
      generated.sourceSecrets.push({ source, setting, file, secret });
    }
  }
  return { config: { ...config, apiKeys, secretKeys, ...sourceSecrets }, generated };
}

function readOrCreate(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(join(path, '..'), { recursive: true });
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}
