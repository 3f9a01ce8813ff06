import { hkdfSync, randomBytes } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { ConsoleModule } from '@org/console';
import type { AppConfig } from './config/app-config.js';

/** HKDF `info` of the portal signing key, so it never equals the key that encrypts secrets. */
const PORTAL_KEY_INFO = 'org-console/portal-tokens/v1';

/**
 * `ConsoleModule` (the UI at /console and /portal, portal sessions). Portal tokens are signed with a
 * key derived from `WEBHOOKS_SECRET_KEY`, so links survive restarts and every instance accepts them;
 * without that setting (never in production) a random key lasts as long as the process.
 */
export function consoleModule(config: AppConfig): DynamicModule {
  const secret = config.secretKey ? Buffer.from(config.secretKey, 'utf8') : randomBytes(32);
  const portalSigningKey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), PORTAL_KEY_INFO, 32));
  return ConsoleModule.forRoot({ portalSigningKey, publicUrl: config.publicUrl ?? undefined });
}
