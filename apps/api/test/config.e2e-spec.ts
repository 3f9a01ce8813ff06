import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@org/dev-db';
import { createOrmConfig } from '../src/database/orm.config.js';
import { applyMigrations } from '../src/migrate.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import { exitOf, freePort, runMain } from './support/run-main.js';

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
