import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MikroORM } from '@mikro-orm/postgresql';
import { createTestDatabase } from '@org/dev-db';
import { sql, SqlRunner, type SqlConnectionSource } from '../src/sql/index.js';

const INSERT = sql(
  'common_test_insert',
  `insert into item (id, tags, at, note) values ($1, $2::text[], $3::timestamptz, $4) returning id, tags, note`,
  { prepared: true },
);
const FIND = sql(
  'common_test_find',
  `select id, note, 'what?' as literal from item where id = $1 or note = $1`,
);
const FLAKY = sql('common_test_flaky', 'select flaky() as ok', { retried: true });
const FLAKY_ONCE = sql('common_test_flaky_once', 'select flaky() as ok');

describe('SqlRunner on PostgreSQL', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    // One connection, so the prepared statements of the pool are those of the session we ask.
    orm = await MikroORM.init({
      clientUrl: database.url,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      pool: { min: 0, max: 1 },
    });
    await orm.em.getConnection().execute(`
      create table item (id text primary key, tags text[] not null, at timestamptz not null, note text);
      create sequence flaky_calls;
      create function flaky() returns bool language plpgsql as $$
        begin
          -- A sequence is not rolled back with the failed statement: the third call succeeds.
          if nextval('flaky_calls') % 3 <> 0 then raise exception 'try again' using errcode = '40001'; end if;
          return true;
        end $$;`);
  });

  afterAll(async () => {
    await orm.close(true);
    await drop();
  });

  it('binds parameters on the native pool and prepares named statements once per connection', async () => {
    const runner = new SqlRunner(orm.em);
    const result = await runner.run(INSERT, ['a', ['x', 'y "z"', 'w,v'], new Date(0), "it's ?"]);
    expect(result).toEqual({ rows: [{ id: 'a', tags: ['x', 'y "z"', 'w,v'], note: "it's ?" }], rowCount: 1 });
    const prepared = await runner.rows<{ name: string }>(
      sql('common_test_prepared', 'select name from pg_prepared_statements order by name'),
    );
    expect(prepared.map((p) => p.name)).toEqual(['common_test_insert']);
  });

  it('gives the same answers through MikroORM execute when the driver owns no pg pool', async () => {
    const connection = orm.em.getConnection();
    const withoutPool: SqlConnectionSource = {
      getConnection: () => ({
        execute: (query, params, method) => connection.execute(query, params, method),
        getNativeClient: () => Promise.reject(new Error('The native client is not available')),
      }),
    };
    const runner = new SqlRunner(withoutPool);
    const inserted = await runner.run(INSERT, ['b', ['x', null, 'q\\"'], new Date(1), 'b?']);
    expect(inserted).toEqual({ rows: [{ id: 'b', tags: ['x', null, 'q\\"'], note: 'b?' }], rowCount: 1 });
    // $1 used twice, a `?` inside a literal.
    expect(await runner.rows(FIND, ['b'])).toEqual([{ id: 'b', note: 'b?', literal: 'what?' }]);
    expect(await runner.rows(FIND, ['b?'])).toEqual([{ id: 'b', note: 'b?', literal: 'what?' }]);
  });

  it('joins the caller transaction, committing or rolling back with it', async () => {
    const runner = new SqlRunner(orm.em);
    await expect(
      orm.em.transactional(async (em) => {
        await runner.run(INSERT, ['rolled-back', [], new Date(0), null], em);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await orm.em.transactional((em) => runner.run(INSERT, ['committed', [], new Date(0), null], em));
    const found = await runner.rows(
      sql('common_test_ids', "select id from item where id in ('rolled-back', 'committed')"),
    );
    expect(found).toEqual([{ id: 'committed' }]);
  });

  it('runs a retried statement again after a serialization failure, and only a retried one', async () => {
    const runner = new SqlRunner(orm.em);
    expect(await runner.rows(FLAKY)).toEqual([{ ok: true }]);
    await expect(runner.rows(FLAKY_ONCE)).rejects.toMatchObject({ code: '40001' });
  });
});
