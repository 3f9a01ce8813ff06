import { spawn, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PostgresAccount } from './postgres-account.js';
import { postgresProgram } from './postgres-install.js';

/** A cluster: where PostgreSQL is installed, where its files are, and who runs it. */
export interface Cluster {
  installDir: string;
  dataDir: string;
  /** The superuser created by initdb, with `password` (SCRAM). */
  user: string;
  password: string;
  /** The account to run as when this process is root; `undefined`: the current user. */
  account?: PostgresAccount;
}

/** A PostgreSQL server this process started. */
export interface PostgresProcess {
  /** Fast shutdown (SIGINT); resolves once the server has exited. */
  stop(): Promise<void>;
}

/** Last bytes of a program's output kept for the error message when it fails. */
const OUTPUT_KEPT = 4_000;
const READY = 'database system is ready to accept connections';

/** Creates a new cluster in `cluster.dataDir` (missing or empty) with initdb. */
export async function initialiseCluster(cluster: Cluster): Promise<void> {
  mkdirSync(cluster.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(dirname(cluster.dataDir), `.pwfile-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${cluster.password}\n`, { mode: 0o600 });
  try {
    if (cluster.account) {
      chownSync(cluster.dataDir, cluster.account.uid, cluster.account.gid);
      chownSync(passwordFile, cluster.account.uid, cluster.account.gid);
    }
    const initdb = spawn(
      postgresProgram(cluster.installDir, 'initdb'),
      [
        `--pgdata=${cluster.dataDir}`,
        '--auth=scram-sha-256',
        `--username=${cluster.user}`,
        `--pwfile=${passwordFile}`,
        // The same cluster whatever the machine's locale: UTF-8, byte-order collation, English messages.
        '--encoding=UTF8',
        '--no-locale',
      ],
      spawnOptions(cluster),
    );
    const output = keepOutput(initdb);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once('error', reject);
      initdb.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit code ${code}): ${output()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts the server of an initialised cluster on 127.0.0.1:`port` and resolves once it accepts
 * connections. It is stopped with the returned handle, or when this process exits.
 */
export async function startServer(cluster: Cluster, port: number, flags: string[]): Promise<PostgresProcess> {
  const server = spawn(
    postgresProgram(cluster.installDir, 'postgres'),
    ['-D', cluster.dataDir, '-p', String(port), ...flags],
    spawnOptions(cluster),
  );
  const output = keepOutput(server);
  // Only a synchronous kill is possible in 'exit'; no signal handlers, so the host keeps its own.
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.once('exit', (code, signal) =>
        reject(new Error(`PostgreSQL exited while starting (${code ?? signal}): ${output()}`)),
      );
      server.stderr?.on('data', () => {
        if (output().includes(READY)) resolve();
      });
    });
  } catch (error) {
    process.off('exit', stopOnExit);
    server.kill('SIGINT');
    throw error;
  }
  return {
    stop: async () => {
      process.off('exit', stopOnExit);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT');
      await exited;
    },
  };
}

function spawnOptions(cluster: Cluster): SpawnOptions {
  return {
    ...(cluster.account && { uid: cluster.account.uid, gid: cluster.account.gid }),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  };
}

/** Drains the program's output (a full pipe would block it) and keeps its end for error messages. */
function keepOutput(child: ReturnType<typeof spawn>): () => string {
  let kept = '';
  const keep = (chunk: Buffer) => {
    if (process.env.DEV_DB_DEBUG) process.stderr.write(chunk);
    kept = (kept + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => kept.trim();
}
