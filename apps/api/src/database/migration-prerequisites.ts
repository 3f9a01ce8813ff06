import type { MikroORM } from '@mikro-orm/postgresql';
import { PostgresServer, sql, SqlRunner } from '@org/common/sql';

/**
 * What the connected user may do in the schema the migrations write to, and whether MikroORM's
 * migrations table is there yet.
 */
const READ_RIGHTS = sql(
  'api_migration_rights',
  `select current_user as "user", current_schema() as schema,
          to_regclass(quote_ident(current_schema()) || '.mikro_orm_migrations') is not null as ledger_exists,
          has_schema_privilege(current_schema(), 'CREATE') as can_create,
          coalesce((select array_agg(c.relname::text order by c.relname)
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = current_schema() and c.relkind in ('r', 'p')
                      and (c.relname like 'webhook\\_%' or c.relname like 'ingest\\_%' or c.relname like 'inbound\\_%'
                           or c.relname = 'mikro_orm_migrations')
                      and not pg_has_role(current_user, c.relowner, 'USAGE')), '{}') as not_owned`,
);

/** A database the migrations cannot run on; the message names the problem and the fix. */
export class MigrationPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationPrerequisiteError';
  }
}

/**
 * Checks, before any migration runs (and before MikroORM creates its table), that they can all run:
 * a PostgreSQL of 15 or newer that accepts writes, and a user that may create tables in the schema and alter the tables already there. The
 * migrations run in one transaction (`allOrNothing`), so a failure would leave nothing half done
 * anyway; this names the cause in one sentence instead of a DDL error halfway through.
 * @throws UnsupportedPostgresError (version, read-only) or MigrationPrerequisiteError (rights)
 */
export async function assertMigratable(orm: MikroORM): Promise<void> {
  const runner = new SqlRunner(orm.em);
  await new PostgresServer(runner).check('npm run migrate');
  const [rights] = await runner.rows<{
    user: string;
    schema: string;
    ledger_exists: boolean;
    can_create: boolean;
    not_owned: string[];
  }>(READ_RIGHTS);
  // Asking MikroORM what is pending creates its table (or fails on one it cannot read): only asked
  // of a table this user owns. Nothing pending: nothing to refuse.
  const ownsLedger = rights!.ledger_exists && !rights!.not_owned.includes('mikro_orm_migrations');
  if (ownsLedger && (await orm.migrator.getPending()).length === 0) return;
  const problems: string[] = [];
  if (!rights!.can_create) problems.push(`it may not create tables in schema "${rights!.schema}"`);
  if (rights!.not_owned.length > 0)
    problems.push(`it does not own ${rights!.not_owned.map((name) => `"${name}"`).join(', ')}`);
  if (problems.length > 0)
    throw new MigrationPrerequisiteError(
      `The database user "${rights!.user}" cannot run the migrations: ${problems.join(', and ')}. ` +
        `Run them as the schema's owner (DATABASE_URL of that user for npm run migrate), or ` +
        `GRANT CREATE ON SCHEMA "${rights!.schema}" TO "${rights!.user}" and make it the tables' owner.`,
    );
}
