import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config.js';
import { withDevelopmentSecrets } from './development-secrets.js';
import { loadAppConfig } from './load-app-config.js';

const KEY = 'k_0123456789abcdef';

describe('loadAppConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadAppConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      apiKeys: [],
      allowPrivateUrls: true,
      retrySchedule: '0,30s,2m,10m,1h',
      migrateOnStart: true,
      worker: true,
      stripeSecrets: [],
      ingestRetentionDays: null,
      webhooksRetentionDays: null,
      databasePoolSize: 20,
      maxBodyBytesInFlight: 64 * 1024 * 1024,
    });
  });

  it('lets subscriptions target private URLs by default outside production only', () => {
    const production = {
      NODE_ENV: 'production',
      WEBHOOKS_API_KEYS: KEY,
      WEBHOOKS_SECRET_KEY: 'a'.repeat(64),
    };
    expect(loadAppConfig({}).allowPrivateUrls).toBe(true);
    expect(loadAppConfig({ NODE_ENV: 'test' }).allowPrivateUrls).toBe(true);
    expect(loadAppConfig({ WEBHOOKS_ALLOW_PRIVATE_URLS: 'false' }).allowPrivateUrls).toBe(false);
    expect(loadAppConfig(production).allowPrivateUrls).toBe(false);
    expect(loadAppConfig({ ...production, WEBHOOKS_ALLOW_PRIVATE_URLS: ' ' }).allowPrivateUrls).toBe(false);
    expect(loadAppConfig({ ...production, WEBHOOKS_ALLOW_PRIVATE_URLS: 'true' }).allowPrivateUrls).toBe(true);
  });

  it('reads HTTP_ADAPTER: fastify by default, express or fastify in any case, anything else refused by name', () => {
    expect(loadAppConfig({}).httpAdapter).toBe('fastify');
    expect(loadAppConfig({ HTTP_ADAPTER: ' ' }).httpAdapter).toBe('fastify');
    expect(loadAppConfig({ HTTP_ADAPTER: 'fastify' }).httpAdapter).toBe('fastify');
    expect(loadAppConfig({ HTTP_ADAPTER: 'express' }).httpAdapter).toBe('express');
    expect(loadAppConfig({ HTTP_ADAPTER: 'Express' }).httpAdapter).toBe('express');
    for (const bad of ['koa', 'fastify5', 'express,fastify']) {
      expect(() => loadAppConfig({ HTTP_ADAPTER: bad })).toThrow(ConfigError);
      expect(() => loadAppConfig({ HTTP_ADAPTER: bad })).toThrow(
        `Invalid setting HTTP_ADAPTER: "${bad}" is not a platform (use express or fastify)`,
      );
    }
  });

  it('reads MAX_BODY_BYTES_IN_FLIGHT in bytes or binary units', () => {
    expect(loadAppConfig({ MAX_BODY_BYTES_IN_FLIGHT: '600000' }).maxBodyBytesInFlight).toBe(600_000);
    expect(loadAppConfig({ MAX_BODY_BYTES_IN_FLIGHT: '512kb' }).maxBodyBytesInFlight).toBe(524_288);
    expect(loadAppConfig({ MAX_BODY_BYTES_IN_FLIGHT: '128MB' }).maxBodyBytesInFlight).toBe(128 * 1024 ** 2);
  });

  it('reads INGEST_RETENTION in days or hours', () => {
    expect(loadAppConfig({ INGEST_RETENTION: '7d' }).ingestRetentionDays).toBe(7);
    expect(loadAppConfig({ INGEST_RETENTION: '90' }).ingestRetentionDays).toBe(90);
    expect(loadAppConfig({ INGEST_RETENTION: '12h' }).ingestRetentionDays).toBe(0.5);
  });

  it('reads WEBHOOKS_RETENTION like INGEST_RETENTION, and DATABASE_POOL_SIZE', () => {
    expect(loadAppConfig({ WEBHOOKS_RETENTION: '14d' }).webhooksRetentionDays).toBe(14);
    expect(loadAppConfig({ WEBHOOKS_RETENTION: '36h' }).webhooksRetentionDays).toBe(1.5);
    expect(loadAppConfig({ DATABASE_POOL_SIZE: '64' }).databasePoolSize).toBe(64);
  });

  it('reads WEBHOOKS_EGRESS_PROXY, and refuses a bad one without repeating its password', () => {
    expect(loadAppConfig({}).egressProxy).toBeNull();
    expect(loadAppConfig({ WEBHOOKS_EGRESS_PROXY: ' http://egress.internal:3128 ' }).egressProxy).toBe(
      'http://egress.internal:3128',
    );
    expect(() => loadAppConfig({ WEBHOOKS_EGRESS_PROXY: 'https://hooks:pr0xy-pass@egress:3128' })).toThrow(
      /^Invalid setting WEBHOOKS_EGRESS_PROXY: must be an http:\/\/ URL[^]*not https:\/\/$/,
    );
  });

  it('reads keys bound to workspaces and secret lists for rotation', () => {
    const config = loadAppConfig({
      WEBHOOKS_API_KEYS: `${KEY}, ${KEY}_acme:acme`,
      STRIPE_WEBHOOK_SECRET: 'whsec_new,whsec_old',
      PUBLIC_URL: 'https://hooks.example.com/',
      WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
      MIGRATE_ON_START: 'false',
    });
    expect(config.apiKeys).toEqual([
      { key: KEY, workspace: null, scopes: ['webhooks:read', 'webhooks:write'] },
      { key: `${KEY}_acme`, workspace: 'acme', scopes: ['webhooks:read', 'webhooks:write'] },
    ]);
    expect(config.stripeSecrets).toEqual(['whsec_new', 'whsec_old']);
    expect(config.publicUrl).toBe('https://hooks.example.com');
    expect(config.allowPrivateUrls).toBe(true);
    expect(config.migrateOnStart).toBe(false);
  });

  it('reads the secret key ring (WEBHOOKS_SECRET_KEYS, newest first) or the one key (WEBHOOKS_SECRET_KEY)', () => {
    const newest = Buffer.alloc(32, 1).toString('base64');
    const older = 'ab'.repeat(32);
    expect(loadAppConfig({ WEBHOOKS_SECRET_KEYS: ` ${newest} , ${older} ` }).secretKeys).toEqual([
      newest,
      older,
    ]);
    expect(loadAppConfig({ WEBHOOKS_SECRET_KEYS: newest }).secretKeys).toEqual([newest]);
    expect(loadAppConfig({ WEBHOOKS_SECRET_KEY: older }).secretKeys).toEqual([older]);
    expect(loadAppConfig({}).secretKeys).toEqual([]);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'production', WEBHOOKS_API_KEYS: KEY, WEBHOOKS_SECRET_KEYS: newest }),
    ).not.toThrow();
  });

  it.each([
    [
      'a bad key names its position',
      `${'ab'.repeat(32)},too-short`,
      /^Invalid setting WEBHOOKS_SECRET_KEYS: key 2 of 2 must be 32 bytes/,
    ],
    [
      'an empty entry',
      `${'ab'.repeat(32)},,${'cd'.repeat(32)}`,
      /^Invalid setting WEBHOOKS_SECRET_KEYS: key 2 of 3 is empty/,
    ],
    [
      'a repeated key',
      `${'ab'.repeat(32)},${'cd'.repeat(32)},${'ab'.repeat(32)}`,
      /^Invalid setting WEBHOOKS_SECRET_KEYS: key 3 repeats key 1/,
    ],
  ])('refuses WEBHOOKS_SECRET_KEYS with %s', (_, value, message) => {
    expect(() => loadAppConfig({ WEBHOOKS_SECRET_KEYS: value })).toThrow(message);
  });

  it('refuses WEBHOOKS_SECRET_KEYS and WEBHOOKS_SECRET_KEY together, naming both', () => {
    const key = 'ab'.repeat(32);
    expect(() => loadAppConfig({ WEBHOOKS_SECRET_KEYS: key, WEBHOOKS_SECRET_KEY: key })).toThrow(
      /^Invalid setting WEBHOOKS_SECRET_KEYS: cannot be set together with WEBHOOKS_SECRET_KEY/,
    );
    expect(() => loadAppConfig({ WEBHOOKS_SECRET_KEY: `${key},${'cd'.repeat(32)}` })).toThrow(
      /^Invalid setting WEBHOOKS_SECRET_KEY: holds one key: give a ring as WEBHOOKS_SECRET_KEYS/,
    );
  });

  it('reads scopes, with or without a workspace', () => {
    const config = loadAppConfig({
      WEBHOOKS_API_KEYS: `${KEY}_r:acme:webhooks:read, ${KEY}_rw::webhooks:read+webhooks:write, ${KEY}_g::webhooks:read`,
    });
    expect(config.apiKeys).toEqual([
      { key: `${KEY}_r`, workspace: 'acme', scopes: ['webhooks:read'] },
      { key: `${KEY}_rw`, workspace: null, scopes: ['webhooks:read', 'webhooks:write'] },
      { key: `${KEY}_g`, workspace: null, scopes: ['webhooks:read'] },
    ]);
  });

  it.each([`${KEY}:acme:webhooks:delete`, `${KEY}::`, `${KEY}:acme:webhooks:read+`, `${KEY}:`])(
    'refuses the API key entry %s naming the setting and the entry',
    (entry) => {
      expect(() => loadAppConfig({ WEBHOOKS_API_KEYS: entry })).toThrow(
        /^Invalid setting WEBHOOKS_API_KEYS: entry 1: /,
      );
    },
  );

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://x@y' }, 'DATABASE_URL'],
    [{ WEBHOOKS_API_KEYS: 'short' }, 'WEBHOOKS_API_KEYS'],
    [{ WEBHOOKS_API_KEYS: `${KEY}:bad workspace` }, 'WEBHOOKS_API_KEYS'],
    [{ WEBHOOKS_ALLOW_PRIVATE_URLS: 'sometimes' }, 'WEBHOOKS_ALLOW_PRIVATE_URLS'],
    [{ MIGRATE_ON_START: 'maybe' }, 'MIGRATE_ON_START'],
    [{ PUBLIC_URL: 'hooks.example.com' }, 'PUBLIC_URL'],
    [{ GITHUB_WEBHOOK_SECRET: 'a,,b' }, 'GITHUB_WEBHOOK_SECRET'],
    [{ NODE_ENV: 'production', WEBHOOKS_SECRET_KEY: 'a'.repeat(64) }, 'WEBHOOKS_API_KEYS'],
    [{ WEBHOOKS_SECRET_KEY: 'too-short' }, 'WEBHOOKS_SECRET_KEY'],
    [{ WEBHOOKS_RETRY_SCHEDULE: '0,3x' }, 'WEBHOOKS_RETRY_SCHEDULE'],
    [{ WEBHOOKS_RETRY_SCHEDULE: '' + ',' }, 'WEBHOOKS_RETRY_SCHEDULE'],
    [{ NODE_ENV: 'production', WEBHOOKS_API_KEYS: KEY }, 'WEBHOOKS_SECRET_KEY'],
    [{ INGEST_RETENTION: 'a month' }, 'INGEST_RETENTION'],
    [{ INGEST_RETENTION: '0d' }, 'INGEST_RETENTION'],
    [{ WEBHOOKS_RETENTION: 'forever' }, 'WEBHOOKS_RETENTION'],
    [{ DATABASE_POOL_SIZE: '1' }, 'DATABASE_POOL_SIZE'],
    [{ DATABASE_POOL_SIZE: 'many' }, 'DATABASE_POOL_SIZE'],
    [{ MAX_BODY_BYTES_IN_FLIGHT: '0' }, 'MAX_BODY_BYTES_IN_FLIGHT'],
    [{ MAX_BODY_BYTES_IN_FLIGHT: 'lots' }, 'MAX_BODY_BYTES_IN_FLIGHT'],
    [{ MAX_BODY_BYTES_IN_FLIGHT: '1.5mb' }, 'MAX_BODY_BYTES_IN_FLIGHT'],
    [{ WEBHOOKS_EGRESS_PROXY: 'egress:3128' }, 'WEBHOOKS_EGRESS_PROXY'],
    [{ WEBHOOKS_EGRESS_PROXY: 'http://egress:3128/path' }, 'WEBHOOKS_EGRESS_PROXY'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadAppConfig(env)).toThrow(ConfigError);
    expect(() => loadAppConfig(env)).toThrow(new RegExp(`Invalid setting ${setting}:`));
  });
});

describe('withDevelopmentSecrets', () => {
  it('generates an API key and an encryption key once, keeps them private in the data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-config-'));
    const first = withDevelopmentSecrets(loadAppConfig({ WEBHOOKS_DATA_DIR: dataDir }));
    expect(first.generated.apiKey).toMatch(/^dev_[A-Za-z0-9_-]{32}$/);
    expect(first.config.apiKeys).toEqual([
      { key: first.generated.apiKey, workspace: null, scopes: ['webhooks:read', 'webhooks:write'] },
    ]);
    expect(first.config.secretKeys).toHaveLength(1);
    expect(Buffer.from(first.config.secretKeys[0], 'base64')).toHaveLength(32);
    expect(readFileSync(join(dataDir, 'dev-api-key'), 'utf8').trim()).toBe(first.generated.apiKey);
    expect(statSync(join(dataDir, 'dev-api-key')).mode & 0o777).toBe(0o600);

    const second = withDevelopmentSecrets(loadAppConfig({ WEBHOOKS_DATA_DIR: dataDir }));
    expect(second.config.apiKeys).toEqual(first.config.apiKeys);
    expect(second.config.secretKeys).toEqual(first.config.secretKeys);
  });

  it('turns on the Stripe, GitHub and HubSpot sources with secrets made once, kept private in the data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-config-'));
    const first = withDevelopmentSecrets(loadAppConfig({ WEBHOOKS_DATA_DIR: dataDir }));
    expect(first.generated.sourceSecrets).toEqual([
      {
        source: 'stripe',
        setting: 'STRIPE_WEBHOOK_SECRET',
        file: join(dataDir, 'dev-stripe-webhook-secret'),
        secret: expect.stringMatching(/^whsec_[0-9a-f]{64}$/),
      },
      {
        source: 'github',
        setting: 'GITHUB_WEBHOOK_SECRET',
        file: join(dataDir, 'dev-github-webhook-secret'),
        secret: expect.stringMatching(/^[0-9a-f]{40}$/),
      },
      {
        source: 'hubspot',
        setting: 'HUBSPOT_CLIENT_SECRET',
        file: join(dataDir, 'dev-hubspot-client-secret'),
        secret: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      },
    ]);
    const [stripe, github, hubspot] = first.generated.sourceSecrets.map((generated) => generated.secret);
    expect(first.config).toMatchObject({
      stripeSecrets: [stripe],
      githubSecrets: [github],
      hubspotSecrets: [hubspot],
    });
    for (const { file, secret } of first.generated.sourceSecrets) {
      expect(readFileSync(file, 'utf8')).toBe(`${secret}\n`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }

    const second = withDevelopmentSecrets(loadAppConfig({ WEBHOOKS_DATA_DIR: dataDir }));
    expect(second.generated.sourceSecrets).toEqual(first.generated.sourceSecrets);
    expect(second.config).toMatchObject({
      stripeSecrets: [stripe],
      githubSecrets: [github],
      hubspotSecrets: [hubspot],
    });
  });

  it('generates only the source secrets left unset', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-config-'));
    const { config, generated } = withDevelopmentSecrets(
      loadAppConfig({ WEBHOOKS_DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: 'whsec_mine' }),
    );
    expect(generated.sourceSecrets.map((secret) => secret.setting)).toEqual([
      'GITHUB_WEBHOOK_SECRET',
      'HUBSPOT_CLIENT_SECRET',
    ]);
    expect(config.stripeSecrets).toEqual(['whsec_mine']);
    expect(existsSync(join(dataDir, 'dev-stripe-webhook-secret'))).toBe(false);
  });

  it('never makes source secrets in production: an unset source stays off', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-config-'));
    const { config, generated } = withDevelopmentSecrets(
      loadAppConfig({
        NODE_ENV: 'production',
        WEBHOOKS_DATA_DIR: dataDir,
        WEBHOOKS_API_KEYS: KEY,
        WEBHOOKS_SECRET_KEY: 'a'.repeat(64),
        GITHUB_WEBHOOK_SECRET: 'github-secret',
      }),
    );
    expect(generated.sourceSecrets).toEqual([]);
    expect(config).toMatchObject({ stripeSecrets: [], githubSecrets: ['github-secret'], hubspotSecrets: [] });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('leaves configured keys alone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'api-config-'));
    const { config, generated } = withDevelopmentSecrets(
      loadAppConfig({
        WEBHOOKS_DATA_DIR: dataDir,
        WEBHOOKS_API_KEYS: KEY,
        WEBHOOKS_SECRET_KEY: 'a'.repeat(64),
      }),
    );
    expect(generated).toMatchObject({ apiKey: null, secretKeyFromDataDir: false });
    expect(config.apiKeys).toEqual([
      { key: KEY, workspace: null, scopes: ['webhooks:read', 'webhooks:write'] },
    ]);
  });
});
