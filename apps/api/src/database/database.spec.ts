import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '../config/app-config.js';
import { loadAppConfig } from '../config/load-app-config.js';
import { openDatabase } from './database.js';

describe('openDatabase', () => {
  const notCalled = async () => {
    throw new Error('the embedded PostgreSQL was loaded');
  };

  it('uses DATABASE_URL as it is, loading nothing of the embedded PostgreSQL', async () => {
    const url = 'postgres://app@db.internal:5432/webhooks';
    const database = await openDatabase(loadAppConfig({ DATABASE_URL: url }), notCalled);
    expect(database).toMatchObject({ url, embedded: false });
  });

  it('refuses to start an embedded PostgreSQL when NODE_ENV=production, naming DATABASE_URL', async () => {
    const config = loadAppConfig({
      NODE_ENV: 'production',
      WEBHOOKS_API_KEYS: 'k_0123456789abcdef',
      WEBHOOKS_SECRET_KEY: 'a'.repeat(64),
    });
    const refusal = openDatabase(config, notCalled);
    await expect(refusal).rejects.toThrow(ConfigError);
    await expect(refusal).rejects.toThrow(
      'Invalid setting DATABASE_URL: is required when NODE_ENV=production (the embedded PostgreSQL is for development and tests): set DATABASE_URL',
    );
  });

  it('says to set DATABASE_URL when the development dependency @org/dev-db is not installed', async () => {
    const refusal = openDatabase(loadAppConfig({}), async () => null);
    await expect(refusal).rejects.toThrow(
      'Invalid setting DATABASE_URL: is not set, and the embedded PostgreSQL for development (@org/dev-db, a dev dependency) is not installed: set DATABASE_URL',
    );
  });
});
