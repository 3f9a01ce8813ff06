import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabaseIfMissing, withDatabase, type DevDatabase } from '@org/dev-db';
import { newId, SecretCipher } from '@org/common';
import { IngestEntities, IngestMigrations, MikroOrmInboundSourceStore } from '@org/ingest/mikro-orm';
import { buildSignedRequest } from '@org/send';
import {
  CPU_MESSAGE,
  INGEST_SERVER_CONFIG_ENV,
  STOP_MESSAGE,
  WEBHOOK_PATH,
  type IngestServerConfig,
  type IngestServerCpu,
  type IngestServerListening,
} from './ingest-server.protocol.js';

/** The Stripe endpoint secret of the benchmark. */
export const BENCH_STRIPE_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;

/** A request ready to POST to {@link WEBHOOK_PATH}. */
export interface PreparedRequest {
  headers: Record<string, string>;
  body: string;
  /** Its own path (a source created over the API); default {@link WEBHOOK_PATH}. */
  path?: string;
}

/** A server child: its origin, and a stop that closes the app and waits for the process to exit. */
export interface ServerChild {
  origin: string;
  /** CPU time the child has used so far (user + system), µs. */
  cpuMicros(): Promise<number>;
  stop(): Promise<void>;
}

/** Children profiled so far: each profile gets its own file (several children share a mode). */
let profiled = 0;

/**
 * Forks `script` (`ingest-server.js` unless told: the publish suite serves its own) with `config` and
 * waits until it listens. With `BENCH_CPU_PROF=<dir>` the child writes a V8 CPU profile there on exit
 * (for `--cpu-prof`-guided tuning of the receive and publish paths).
 */
export async function startServerChild(
  config: IngestServerConfig | { mode: string },
  script = 'ingest-server.js',
): Promise<ServerChild> {
  const profileDir = process.env.BENCH_CPU_PROF;
  const child: ChildProcess = fork(join(import.meta.dirname, script), [], {
    env: { ...process.env, [INGEST_SERVER_CONFIG_ENV]: JSON.stringify(config) },
    execArgv: profileDir
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-name=${config.mode}-${++profiled}.cpuprofile`,
        ]
      : [],
    // With BENCH_LOGS the host app logs to stdout as it would in service: formatted and written,
    // then dropped here rather than mixed into the bench's table (errors still show, on stderr).
    stdio: ['ignore', process.env.BENCH_LOGS ? 'ignore' : 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as IngestServerListening).port));
    void exited.then((code) =>
      reject(new Error(`the ${config.mode} server exited with ${code} before listening`)),
    );
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    cpuMicros: () =>
      new Promise<number>((resolve) => {
        child.once('message', (message) => resolve((message as IngestServerCpu).micros));
        child.send(CPU_MESSAGE);
      }),
    async stop() {
      child.send(STOP_MESSAGE);
      const code = await exited;
      if (code !== 0) throw new Error(`the ${config.mode} server exited with ${code}`);
    },
  };
}

/** A new database on `server` with the ingest migrations applied, and a MikroORM on it. */
export async function openIngestDatabase(server: DevDatabase): Promise<{ url: string; orm: MikroORM }> {
  const url = withDatabase(server.serverUrl, `bench_ingest_${randomBytes(4).toString('hex')}`);
  await createDatabaseIfMissing(server.serverUrl, new URL(url).pathname.slice(1));
  const orm = await MikroORM.init({
    clientUrl: url,
    entities: [...IngestEntities],
    extensions: [Migrator],
    migrations: { migrationsList: IngestMigrations, snapshot: false, silent: true },
    debug: false,
  });
  await orm.migrator.up();
  return { url, orm };
}

/** The key source secrets are encrypted with (the server child gets it too). */
export const BENCH_SOURCE_SECRET_KEY = randomBytes(32).toString('base64');

/** A Stripe source created as the API would, with its own endpoint secret. */
export interface BenchSource {
  id: string;
  secret: string;
}

/** Stores `count` Stripe sources, each with its own secret, encrypted as the API stores them. */
export async function createStripeSources(orm: MikroORM, count: number): Promise<BenchSource[]> {
  const store = new MikroOrmInboundSourceStore(orm.em);
  const cipher = new SecretCipher(Buffer.from(BENCH_SOURCE_SECRET_KEY, 'base64'));
  const sources: BenchSource[] = [];
  const now = new Date();
  for (let i = 0; i < count; i++) {
    const source = { id: newId('src'), secret: `whsec_${randomBytes(24).toString('base64url')}` };
    await store.create({
      id: source.id,
      workspace: `workspace-${i}`,
      name: `Stripe ${i}`,
      type: 'stripe',
      options: {},
      secrets: [{ ciphertext: cipher.encrypt(source.secret), expiresAt: null }],
      createdAt: now,
      updatedAt: now,
    });
    sources.push(source);
  }
  return sources;
}

/** `count` distinct Stripe events spread round-robin over `sources`, each signed with its source's secret. */
export async function signedSourceRequests(
  origin: string,
  sources: readonly BenchSource[],
  count: number,
): Promise<PreparedRequest[]> {
  const now = new Date();
  const tag = randomBytes(6).toString('hex');
  const requests: PreparedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const source = sources[i % sources.length];
    const path = `/webhooks/${source.id}`;
    const { headers, body } = await buildSignedRequest({
      source: 'stripe',
      type: 'payment_intent.succeeded',
      secret: source.secret,
      url: `${origin}${path}`,
      id: `evt_2${tag}${i.toString().padStart(8, '0')}`,
      now,
    });
    requests.push({ headers, body, path });
  }
  return requests;
}

/** Rows in `ingest_event`: what was durably stored. */
export async function countStoredEvents(orm: MikroORM): Promise<number> {
  const rows = await orm.em
    .getConnection()
    .execute<{ n: number }[]>('select count(*)::int as n from ingest_event');
  return rows[0].n;
}

/**
 * `count` distinct Stripe `payment_intent.succeeded` events (distinct ids), each signed now with
 * Stripe's own `generateTestHeaderString` (through @org/send), as Stripe would send them.
 */
export async function signedStripeRequests(origin: string, count: number): Promise<PreparedRequest[]> {
  const now = new Date();
  // Stripe-looking ids, unique by construction (a run tag and a counter), not by chance.
  const tag = randomBytes(6).toString('hex');
  const requests: PreparedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const { headers, body } = await buildSignedRequest({
      source: 'stripe',
      type: 'payment_intent.succeeded',
      secret: BENCH_STRIPE_SECRET,
      url: `${origin}${WEBHOOK_PATH}`,
      id: `evt_1${tag}${i.toString().padStart(8, '0')}`,
      now,
    });
    requests.push({ headers, body });
  }
  return requests;
}
