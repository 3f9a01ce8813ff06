import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from './test-database.js';

describe('createTestDatabase', () => {
  it('gives each caller its own empty database on a real PostgreSQL', async () => {
    const first = await createTestDatabase();
    const second = await createTestDatabase();
    expect(first.url).not.toBe(second.url);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query('create table t (id int)');
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    await client.end();
    expect(Number(rows[0].server_version.split('.')[0])).toBeGreaterThanOrEqual(15);

    const other = new pg.Client({ connectionString: second.url });
    await other.connect();
    const tables = await other.query("select 1 from pg_tables where tablename = 't'");
    await other.end();
    expect(tables.rowCount).toBe(0);
    await first.drop();
    await second.drop();
  });
});
