import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Source } from './signed-request.js';

/** The repository's root (this file is in tools/send/src, or tools/send/dist once built). */
const REPOSITORY_ROOT = join(import.meta.dirname, '..', '..', '..');

/** apps/api: where `npm start` runs the app, so what a relative `WEBHOOKS_DATA_DIR` is relative to. */
const APP_DIR = join(REPOSITORY_ROOT, 'apps', 'api');

/**
 * The file in the app's data folder holding the secret the app generates for each source in
 * development; the same names as `DEVELOPMENT_SOURCES` in apps/api/src/config/development-secrets.ts
 * (this tool does not import the app, which depends on it for its tests).
 */
export const DEVELOPMENT_SECRET_FILES: Readonly<Record<Source, string>> = {
  stripe: 'dev-stripe-webhook-secret',
  github: 'dev-github-webhook-secret',
  hubspot: 'dev-hubspot-client-secret',
};

/** The app's data folder, resolved as the app resolves `WEBHOOKS_DATA_DIR` (default `.data`) from apps/api. */
export function appDataDir(env: Record<string, string | undefined>): string {
  return resolve(APP_DIR, env.WEBHOOKS_DATA_DIR?.trim() || '.data');
}

/** Where the app keeps the development secret of `source`. */
export function developmentSecretFile(source: Source, env: Record<string, string | undefined>): string {
  return join(appDataDir(env), DEVELOPMENT_SECRET_FILES[source]);
}

/** The secret the app generated for `source` in development and the file it came from; null when there is none. */
export function readDevelopmentSecret(
  source: Source,
  env: Record<string, string | undefined>,
): { secret: string; file: string } | null {
  const file = developmentSecretFile(source, env);
  if (!existsSync(file)) return null;
  const secret = readFileSync(file, 'utf8').trim();
  return secret ? { secret, file } : null;
}

/** A path as a person finds it: relative to the repository when inside it, else as it is. */
export function shownPath(file: string): string {
  const inside = relative(REPOSITORY_ROOT, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : file;
}
