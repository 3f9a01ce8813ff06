import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase, locatePostgresInstall, startEmbeddedPostgres, withDatabase } from '@org/dev-db';
import { MikroOrmIngestStore } from '@org/ingest/mikro-orm';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import pg from 'pg';
import { loadAppConfig } from '../src/config/load-app-config.js';
import { createOrmConfig } from '../src/database/orm.config.js';
import { migrate } from '../src/migrate.js';

// What stops `npm run migrate` and the libraries' start-up before anything is written: a server
// older than 15, a read-only one, a user without the rights the migrations need. Each is one sentence
// naming the problem and the fix, and leaves the database as it was.

/** Runs `text` on `url` as whoever the URL names. */
async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const tablesIn = (url: string) =>
  query<{ tablename: string }>(url, `select tablename from pg_tables where schemaname = 'public'`);

/** `url` as another user. */
function asUser(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = password;
  return parsed.toString();
}

/** The libraries' own start-up check on `url` (what `WebhooksModule`/`IngestModule` run before serving). */
async function prepareStorages(url: string): Promise<string> {
  const orm = await MikroORM.init({ ...createOrmConfig(url, 2), allowGlobalContext: true });
  try {
    await new MikroOrmWebhooksStorage(orm).prepare();
    await new MikroOrmIngestStore(orm.em).prepare();
    return 'prepared';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await orm.close(true);
  }
}

const refusal = (work: Promise<unknown>) =>
  work.then(
    () => 'ran',
    (error: Error) => error.message,
  );

describe('what the migrations and the libraries refuse before writing anything', () => {
  let database: { url: string; drop: () => Promise<void> };
  const user = `limited_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let limitedUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const name = new URL(database.url).pathname.slice(1);
    await query(database.url, `create role ${user} login password '${password}'`);
    await query(database.url, `grant connect on database "${name}" to ${user}`);
    // PostgreSQL 15 gives PUBLIC no CREATE on schema public; said here so every major agrees.
    await query(database.url, `revoke create on schema public from public`);
    limitedUrl = asUser(database.url, user, password);
  });
  afterAll(async () => {
    await database.drop();
    await query(withDatabase(database.url, 'postgres'), `drop role if exists ${user}`);
  });

  it('refuses a user that may not create tables, naming the user, the schema and the grant', async () => {
    const message = await refusal(migrate(loadAppConfig({ DATABASE_URL: limitedUrl })));
    expect(message).toBe(
      `The database user "${user}" cannot run the migrations: it may not create tables in schema "public". ` +
        `Run them as the schema's owner (DATABASE_URL of that user for npm run migrate), or ` +
        `GRANT CREATE ON SCHEMA "public" TO "${user}" and make it the tables' owner.`,
    );
    expect(await tablesIn(database.url)).toEqual([]);
  });

  it('refuses tables owned by someone else once they exist', async () => {
    await query(
      database.url,
      'create table mikro_orm_migrations (id serial primary key, name text, executed_at timestamptz)',
    );
    await query(database.url, `grant create on schema public to ${user}`);
    try {
      const message = await refusal(migrate(loadAppConfig({ DATABASE_URL: limitedUrl })));
      expect(message).toContain(`it does not own "mikro_orm_migrations"`);
      expect(await tablesIn(database.url)).toEqual([{ tablename: 'mikro_orm_migrations' }]);
    } finally {
      await query(database.url, 'drop table mikro_orm_migrations');
      await query(database.url, `revoke create on schema public from ${user}`);
    }
  });

  it('refuses a read-only server (default_transaction_read_only, as on a replica) in the migrations and at start-up', async () => {
    await query(database.url, `alter role ${user} set default_transaction_read_only = on`);
    await query(database.url, `grant create on schema public to ${user}`);
    const sentence =
      'must write to its database, but the connection reaches a read-only server (transaction_read_only is on): ' +
      'point it at the primary, or unset default_transaction_read_only for its user.';
    expect(await refusal(migrate(loadAppConfig({ DATABASE_URL: limitedUrl })))).toBe(
      `npm run migrate ${sentence}`,
    );
    expect(await prepareStorages(limitedUrl)).toBe(`@org/webhooks ${sentence}`);
    expect(await tablesIn(database.url)).toEqual([]);
  });

  it('refuses PostgreSQL 14 in the migrations and at start-up, naming the version found and needed', async () => {
    const server = await startEmbeddedPostgres({
      dataDir: join(import.meta.dirname, '..', '..', '..', '.data', `pg14-${randomBytes(3).toString('hex')}`),
      persistent: false,
      installDir: locatePostgresInstall(14),
    });
    try {
      const tooOld = (who: string) =>
        new RegExp(
          `^${who} needs PostgreSQL 15 or newer, but the database runs PostgreSQL 14\\.\\d+ \\(server_version_num 14\\d{4}\\): ` +
            'upgrade the server or point the connection at one of PostgreSQL 15 to 18\\.$',
        );
      expect(await refusal(migrate(loadAppConfig({ DATABASE_URL: server.url })))).toMatch(
        tooOld('npm run migrate'),
      );
      expect(await prepareStorages(server.url)).toMatch(tooOld('@org/webhooks'));
      expect(await tablesIn(server.url)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
