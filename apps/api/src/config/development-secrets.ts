import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANAGEMENT_SCOPES } from '@org/common';
import type { AppConfig } from './app-config.js';

/** What {@link withDevelopmentSecrets} generated, so start-up can tell the user. */
export interface GeneratedSecrets {
  /** The API key made for this data folder, when `WEBHOOKS_API_KEYS` was unset. */
  apiKey: string | null;
  /** True when the encryption key came from the data folder rather than `WEBHOOKS_SECRET_KEY(S)`. */
  secretKeyFromDataDir: boolean;
}

/**
 * Fills in what development may leave unset: an API key and the secret-encryption key, each made
 * once and kept in the data folder (mode 0600) so restarts keep working with the same values.
 * `loadAppConfig` has already refused both being unset in production.
 */
export function withDevelopmentSecrets(config: AppConfig): {
  config: AppConfig;
  generated: GeneratedSecrets;
} {
  const generated: GeneratedSecrets = { apiKey: null, secretKeyFromDataDir: false };
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
  return { config: { ...config, apiKeys, secretKeys }, generated };
}

function readOrCreate(path: string, make: () => string): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(join(path, '..'), { recursive: true });
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}
