import { MikroORM } from '@mikro-orm/postgresql';
import {
  reencryptStoredSecrets,
  SecretCipher,
  type ReencryptionProgress,
  type SecretCiphertextStore,
} from '@org/common';
import { MikroOrmInboundSourceStore } from '@org/ingest/mikro-orm';
import { parseSecretKey } from '@org/webhooks';
import { MikroOrmWebhooksStorage } from '@org/webhooks/mikro-orm';
import { ConfigError, type AppConfig } from './config/app-config.js';
import { loadAppConfig } from './config/load-app-config.js';
import { openDatabase } from './database/database.js';
import { createOrmConfig } from './database/orm.config.js';

/** Passes at most: a pass after one that re-encrypted picks up secrets rotated over the API meanwhile. */
const MAX_PASSES = 3;

/** The stores of encrypted secrets, by the name the report gives them. */
type SecretTables = Record<'subscriptions' | 'sources', SecretCiphertextStore>;

/** What {@link rotateSecretKey} did to each kind of stored secret. */
export type SecretKeyRotationReport = Record<keyof SecretTables, ReencryptionProgress>;

/** Options of {@link rotateSecretKey}. */
export interface RotateSecretKeyOptions {
  /** Rows per batch. @default 500 */
  batchSize?: number;
  /** Stops between batches once aborted (what was written stays; a new run goes on from there). */
  signal?: AbortSignal;
  /** Called after each batch with the kind of secret and the totals of the current pass. */
  onBatch?: (table: keyof SecretTables, progress: ReencryptionProgress) => void;
}

/**
 * Re-encrypts every stored secret (subscription signing secrets with their rotated-out ones, inbound
 * source secrets) under the newest key of `WEBHOOKS_SECRET_KEYS`, in batches, while the app keeps
 * running with the same ring. Resumable: what is already under the newest key is not read again.
 * @throws ConfigError when no key ring is configured.
 */
export async function rotateSecretKey(
  config: AppConfig,
  options: RotateSecretKeyOptions = {},
): Promise<SecretKeyRotationReport> {
  if (config.secretKeys.length === 0)
    throw new ConfigError(
      'WEBHOOKS_SECRET_KEYS',
      'is required to rotate: the new key first, then the keys stored secrets may be under (<new key>,<old key>)',
    );
  const cipher = new SecretCipher(config.secretKeys.map(parseSecretKey));
  const database = await openDatabase(config);
  try {
    const orm = await MikroORM.init(createOrmConfig(database.url, 2));
    try {
      const tables: SecretTables = {
        subscriptions: new MikroOrmWebhooksStorage(orm).subscriptions,
        sources: new MikroOrmInboundSourceStore(orm.em),
      };
      return {
        subscriptions: await reencryptTable('subscriptions', tables.subscriptions, cipher, options),
        sources: await reencryptTable('sources', tables.sources, cipher, options),
      };
    } finally {
      await orm.close();
    }
  } finally {
    await database.stop();
  }
}

/** Passes over one table until one finds nothing left to re-encrypt (or the signal stops it). */
async function reencryptTable(
  table: keyof SecretTables,
  store: SecretCiphertextStore,
  cipher: SecretCipher,
  { batchSize, signal, onBatch }: RotateSecretKeyOptions,
): Promise<ReencryptionProgress> {
  const total: ReencryptionProgress = { rows: 0, reencrypted: 0, undecryptable: 0, complete: false };
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const result = await reencryptStoredSecrets(store, cipher, {
      batchSize,
      signal,
      onBatch: onBatch && ((progress) => onBatch(table, progress)),
    });
    total.rows += result.rows;
    total.reencrypted += result.reencrypted;
    // Undecryptable ones are met again by every pass: the last pass's count is the number left.
    total.undecryptable = result.undecryptable;
    total.complete = result.complete;
    if (!result.complete || result.reencrypted === 0) break;
  }
  return total;
}

/** The report's line for one kind of secret. */
function describe(table: string, progress: ReencryptionProgress): string {
  return (
    `${table}: ${progress.reencrypted} secret(s) re-encrypted in ${progress.rows} row(s)` +
    (progress.undecryptable ? `, ${progress.undecryptable} that no key in WEBHOOKS_SECRET_KEYS opens` : '') +
    (progress.complete ? '' : ', stopped before the end')
  );
}

/** `npm run rotate-secret-key` (`node dist/rotate-secret-key.js`); exits 1 unless everything is under the newest key. */
async function runFromCommandLine(): Promise<void> {
  try {
    const stop = new AbortController();
    // Ctrl-C finishes the batch in hand; running the command again goes on from there.
    process.once('SIGINT', () => stop.abort());
    process.once('SIGTERM', () => stop.abort());
    const report = await rotateSecretKey(loadAppConfig(), {
      signal: stop.signal,
      onBatch: (table, progress) => console.log(describe(table, progress)),
    });
    for (const [table, progress] of Object.entries(report)) console.log(describe(table, progress));
    const done = Object.values(report).every((p) => p.complete && p.undecryptable === 0);
    console.log(
      done
        ? 'Every stored secret is under the newest key: the older keys can now be removed from WEBHOOKS_SECRET_KEYS.'
        : 'Not finished: keep the older keys in WEBHOOKS_SECRET_KEYS and run the command again (add the missing key if some secrets open with none).',
    );
    if (!done) process.exitCode = 1;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
}

// Only as the entry point: the tests import rotateSecretKey().
if (import.meta.main) void runFromCommandLine();
