import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@org/dev-db';
import { createReceiver, type Receiver } from '@org/receiver';
import { run as send } from '@org/send';
import { createOrmConfig } from '../src/database/orm.config.js';
import { applyMigrations } from '../src/migrate.js';
import { KEYS, startTestApp, TEST_HTTP_ADAPTER, type TestApp } from './app-harness.js';
import { call, client } from './support/http.js';
import { exitOf, freePort, runMain, type MainProcess } from './support/run-main.js';
import { sendStripeTo, stripeEvent } from './support/senders.js';

/** What the start-up log calls each `HTTP_ADAPTER`. */
const PLATFORM_LABELS: Record<string, string> = { express: 'Express', fastify: 'Fastify' };

const TABLES = ['webhook_subscription', 'webhook_event', 'webhook_delivery', 'ingest_event'];

describe('settings: start-up through the real entry point (src/main.ts)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  /** Settings with which the app starts; each case breaks one. */
  const goodEnv = (): Record<string, string> => ({
    DATABASE_URL: database.url,
    WEBHOOKS_DATA_DIR: dataDir,
    WEBHOOKS_API_KEYS: KEYS.admin,
    WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOKS_RETRY_SCHEDULE: '0,30s,2m',
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'api-config-e2e-'));
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts with good settings, serves the API, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const main = runMain({ ...goodEnv(), PORT: String(port) });
    try {
      await main.waitForOutput(`API on http://localhost:${port}/api`, 45_000);
      // The start-up log names the platform HTTP_ADAPTER chose.
      expect(main.output()).toContain(`Listening on port ${port} (${PLATFORM_LABELS[TEST_HTTP_ADAPTER]})`);
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
      const list = await fetch(`http://127.0.0.1:${port}/api/webhooks`, {
        headers: { 'x-api-key': KEYS.admin },
      });
      expect(list.status).toBe(200);
    } finally {
      main.kill('SIGTERM');
    }
    // Exit 0 comes from main.ts's own handler, after app.close() drained; 143 would mean another
    // SIGTERM hook ended the process first.
    expect(await exitOf(main)).toBe(0);
    expect(main.output()).toContain('SIGTERM received: draining deliveries');
  }, 60_000);

  it('without DATABASE_URL starts an embedded PostgreSQL, and on SIGINT drains, then stops it', async () => {
    const port = await freePort();
    const { DATABASE_URL: _ignored, ...withoutDatabaseUrl } = goodEnv();
    const main = runMain({ ...withoutDatabaseUrl, PORT: String(port) });
    let postgresFiles: string | undefined;
    try {
      await main.waitForOutput(`API on http://localhost:${port}/api`, 60_000);
      postgresFiles = /Embedded PostgreSQL started \(data in ([^)]+)\)/.exec(main.output())?.[1];
      expect(postgresFiles).toBeDefined();
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
      main.kill('SIGINT');
      expect(await exitOf(main)).toBe(0);
      expect(main.output()).toContain('SIGINT received: draining deliveries');
      // The server went down with the app, cleanly (PostgreSQL removes its pid file on shutdown).
      expect(existsSync(join(postgresFiles!, 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(postgresFiles!, 'postmaster.pid'))).toBe(false);
    } finally {
      main.kill('SIGKILL');
      // As root the files may live outside dataDir (see @org/dev-db): remove them wherever they are.
      if (postgresFiles) rmSync(postgresFiles, { recursive: true, force: true });
    }
  }, 90_000);

  it.each([
    ['WEBHOOKS_RETRY_SCHEDULE', '0,3x'],
    ['WEBHOOKS_RETRY_SCHEDULE', ''.padEnd(3, ',')],
    ['WEBHOOKS_SECRET_KEY', 'not-a-32-byte-key'],
    ['WEBHOOKS_SECRET_KEY', Buffer.alloc(16, 7).toString('base64')],
    ['PORT', 'eighty'],
    ['WEBHOOKS_ALLOW_PRIVATE_URLS', 'sometimes'],
    ['HTTP_ADAPTER', 'koa'],
  ])(
    'refuses to start with a bad %s (%j), naming the setting',
    async (setting, value) => {
      const main = runMain({ ...goodEnv(), PORT: String(await freePort()), [setting]: value });
      const code = await exitOf(main);
      expect({ code, output: main.output() }).toEqual({ code: 1, output: expect.stringContaining(setting) });
      expect(main.output()).not.toContain('API on');
    },
    60_000,
  );
});

// A newcomer's first run: `npm start` with nothing set. One start must be enough for the tour: a
// loopback receiver as a subscription target, and the inbound sources with printed secrets.
describe('first run in development: one start, nothing set but the database', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let receiver: Receiver;
  let main: MainProcess;
  let port: number;
  const printed = (pattern: RegExp): string[] => {
    const match = pattern.exec(main.output());
    expect(match).not.toBeNull();
    return match!.slice(1);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'api-first-run-'));
    receiver = await createReceiver();
    port = await freePort();
    // No NODE_ENV, no keys, no secrets, no WEBHOOKS_ALLOW_PRIVATE_URLS: what a fresh clone has.
    main = runMain({ DATABASE_URL: database.url, WEBHOOKS_DATA_DIR: dataDir, PORT: String(port) });
    await main.waitForOutput('Subscriptions may target loopback', 45_000);
  }, 60_000);
  afterAll(async () => {
    main.kill('SIGTERM');
    await exitOf(main);
    await receiver.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the generated secrets, where they are kept, how to try them, and that private URLs are allowed', () => {
    for (const [setting, file] of [
      ['STRIPE_WEBHOOK_SECRET', 'dev-stripe-webhook-secret'],
      ['GITHUB_WEBHOOK_SECRET', 'dev-github-webhook-secret'],
      ['HUBSPOT_CLIENT_SECRET', 'dev-hubspot-client-secret'],
    ]) {
      const [keptIn, secret] = printed(new RegExp(`Development ${setting} \\(kept in ([^)]+)\\): (\\S+)`));
      expect(keptIn).toBe(join(dataDir, file));
      expect(readFileSync(keptIn, 'utf8').trim()).toBe(secret);
    }
    expect(main.output()).toContain(`Try: PORT=${port} npm run send -- stripe payment_intent.succeeded`);
    expect(main.output()).toContain(
      'Subscriptions may target loopback and private addresses over plain http (the development default): set WEBHOOKS_ALLOW_PRIVATE_URLS=false to refuse them, as production does',
    );
  });

  it('accepts a loopback receiver, still refuses cloud metadata, and delivers a Stripe webhook signed with the printed secret', async () => {
    const [apiKey] = printed(/Development API key \(kept in [^)]+\): (\S+)/);
    const [stripeSecret] = printed(/Development STRIPE_WEBHOOK_SECRET \(kept in [^)]+\): (\S+)/);
    const t = { baseUrl: `http://127.0.0.1:${port}` } as TestApp;
    const subscribed = await call(t, 'POST', '/api/webhooks', {
      key: apiKey,
      json: { url: receiver.url, event_types: ['payment.succeeded'] },
    });
    expect(subscribed.status).toBe(201);
    const metadata = await call(t, 'POST', '/api/webhooks', {
      key: apiKey,
      json: { url: 'http://169.254.169.254/latest/meta-data/' },
    });
    expect(metadata.status).toBe(400);

    const event = stripeEvent('payment_intent.succeeded');
    const received = await sendStripeTo(t, '/api/webhooks/stripe', event, stripeSecret);
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({ received: true, duplicate: false });
    const [delivery] = await receiver.waitFor(1);
    expect(delivery.json).toMatchObject({ event: 'payment.succeeded' });
  });

  it("lets `npm run send` sign with the app's secret file, and says which file", async () => {
    const lines: string[] = [];
    const code = await send(['github', 'push'], { WEBHOOKS_DATA_DIR: dataDir, PORT: String(port) }, (line) =>
      lines.push(line),
    );
    expect(lines[0]).toBe(`Signing with the secret in ${join(dataDir, 'dev-github-webhook-secret')}`);
    expect(lines.at(-1)).toMatch(/^← 200 \{"received":true/);
    expect(code).toBe(0);
  });
});

// Unset in production, private URLs are refused, and the refusal names the setting (not the library
// option) to API-key callers (the console calls the same API) and to the consumer portal.
describe('WEBHOOKS_ALLOW_PRIVATE_URLS unset in production', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ NODE_ENV: 'production', WEBHOOKS_ALLOW_PRIVATE_URLS: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a loopback receiver, naming WEBHOOKS_ALLOW_PRIVATE_URLS, with an API key and in the portal', async () => {
    const MESSAGE =
      'url is not allowed: must use https; the setting WEBHOOKS_ALLOW_PRIVATE_URLS=true allows plain http and private addresses (for local work and tests only)';
    const body = { url: 'http://127.0.0.1:4000/hook' };
    const withKey = await call(t, 'POST', '/api/webhooks', { key: KEYS.acme, json: body });
    const session = await call(t, 'POST', '/api/portal/sessions', { key: KEYS.acme, json: {} });
    const token = new URL(session.body.data.url).searchParams.get('token');
    const inPortal = await call(t, 'POST', '/api/webhooks', {
      headers: { authorization: `Portal ${token}` },
      json: body,
    });
    for (const refused of [withKey, inPortal]) {
      expect(refused.status).toBe(400);
      expect(refused.body.error.details).toEqual([{ field: 'url', message: MESSAGE }]);
    }
  });
});

describe('MIGRATE_ON_START=false', () => {
  let t: TestApp;
  let orm: MikroORM;
  const tablesPresent = async (): Promise<string[]> => {
    const rows = await orm.em
      .getConnection()
      .execute<{ name: string }[]>(
        `select table_name as name from information_schema.tables where table_schema = 'public' and table_name in (${TABLES.map((name) => `'${name}'`).join(', ')})`,
      );
    return rows.map((row) => row.name).sort();
  };

  beforeAll(async () => {
    t = await startTestApp({ MIGRATE_ON_START: 'false' });
    orm = await MikroORM.init(createOrmConfig(t.databaseUrl));
  });
  afterAll(async () => {
    await orm.close();
    await t.close();
  });

  it("starts on a fresh database without creating tables; `npm run migrate`'s code then makes it work", async () => {
    expect((await fetch(`${t.baseUrl}/api/health`)).status).toBe(200);
    expect(await tablesPresent()).toEqual([]);
    const admin = client(t, KEYS.admin);
    const before = await admin.get('/api/webhooks');
    expect(before.status).toBe(500);
    expect(before.body.error.code).toBe('internal_error');

    // What `npm run migrate` (src/migrate.ts) does.
    const applied = await applyMigrations(orm);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tablesPresent()).toEqual([...TABLES].sort());
    expect(await applyMigrations(orm)).toEqual([]);

    const created = await admin.post('/api/webhooks', {
      name: 'After migrate',
      url: 'https://example.com/hook',
    });
    expect(created.status).toBe(201);
    expect((await admin.get('/api/webhooks')).body.data).toHaveLength(1);
  });
});
