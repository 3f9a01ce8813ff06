import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { createTestDatabase } from '@org/dev-db';
import { loadAppConfig } from '../src/config/load-app-config.js';
import { createApp } from '../src/create-app.js';

/** API keys of the test app: one that sees everything, two bound to workspaces. */
export const KEYS = {
  admin: 'key_admin_0123456789abcdef',
  acme: 'key_acme_0123456789abcdef',
  globex: 'key_globex_0123456789abcdef',
} as const;

/** Secrets the test app's ingest sources are configured with. */
export const INGEST_SECRETS = {
  stripe: 'whsec_stripe_test_secret',
  github: 'github-test-secret',
  hubspot: 'hubspot-client-secret',
} as const;

/** A running host app on a fresh database, listening on loopback. */
export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The HTTP platform the test apps run on: `TEST_HTTP_ADAPTER` (`express` or `fastify`), default
 * `express`. CI runs the end-to-end suites once per platform.
 */
export const TEST_HTTP_ADAPTER = process.env.TEST_HTTP_ADAPTER?.trim() || 'express';

/**
 * Starts the real host app (same `createApp` as `main.ts`) on its own database, or on the database
 * of `shared.databaseUrl` (a second instance; its close leaves the database to the first), on the
 * platform of {@link TEST_HTTP_ADAPTER} unless `env` names one (`HTTP_ADAPTER`).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  shared: { databaseUrl?: string } = {},
): Promise<TestApp> {
  const database = shared.databaseUrl
    ? { url: shared.databaseUrl, drop: async () => undefined }
    : await createTestDatabase();
  const config = loadAppConfig({
    WEBHOOKS_API_KEYS: `${KEYS.admin},${KEYS.acme}:acme,${KEYS.globex}:globex`,
    // A key of its own unless the test gives the ring (giving both is a configuration error).
    ...(env.WEBHOOKS_SECRET_KEYS ? {} : { WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64') }),
    WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOKS_RETRY_SCHEDULE: '0,200ms',
    STRIPE_WEBHOOK_SECRET: INGEST_SECRETS.stripe,
    GITHUB_WEBHOOK_SECRET: INGEST_SECRETS.github,
    HUBSPOT_CLIENT_SECRET: INGEST_SECRETS.hubspot,
    HTTP_ADAPTER: TEST_HTTP_ADAPTER,
    ...env,
  });
  const app = await createApp({ ...config, databaseUrl: database.url }, ['error']);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    databaseUrl: database.url,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
