import { hkdfSync, randomBytes } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { ConsoleModule } from '@org/console';
import { AppAuthorizer } from './auth/app.authorizer.js';
import type { AppConfig } from './config/app-config.js';

/** HKDF `info` of the portal signing key, so it never equals the key that encrypts secrets. */
const PORTAL_KEY_INFO = 'org-console/portal-tokens/v1';

/**
 * `ConsoleModule` (the UI at /console and /portal, portal sessions). Portal tokens are signed with a
 * key derived from the newest key of the secret key ring (`WEBHOOKS_SECRET_KEYS`, or
 * `WEBHOOKS_SECRET_KEY`), so links survive restarts and every instance accepts them. During a key
 * rotation the keys derived from the older keys of the ring still verify: links handed out before
 * stay valid while their key is in the ring, and end when it is removed (they last an hour by
 * default, a day at most). Without a key (never in production) a random one lasts as long as the process.
 * Portal links are handed out to API keys, and the portal's own session answered, by {@link AppAuthorizer}.
 */
export function consoleModule(config: AppConfig): DynamicModule {
  const [newest, ...older] = config.secretKeys.length
    ? config.secretKeys.map(portalKeyOf)
    : [portalKeyOf(randomBytes(32).toString('base64'))];
  return ConsoleModule.forRoot({
    authorize: AppAuthorizer,
    portalSigningKey: newest,
    previousPortalSigningKeys: older,
    publicUrl: config.publicUrl ?? undefined,
  });
}

/** The portal key of one secret key, derived from the key as written (as earlier releases did). */
function portalKeyOf(secretKey: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), PORTAL_KEY_INFO, 32),
  );
}
