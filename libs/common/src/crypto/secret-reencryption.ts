import type { SecretCipher } from './secret-cipher.js';
import type { CiphertextReplacement, SecretCiphertextStore } from './secret-ciphertext-store.interface.js';
import { COMMON_MESSAGES } from '../common.messages.js';
import { UndecryptableSecretError } from './undecryptable-secret.error.js';
import { UndecryptableStoredSecretsError } from './undecryptable-stored-secrets.error.js';

/** Rows read and written per batch of a re-encryption when the caller names no size. */
export const REENCRYPTION_BATCH_SIZE = 500;

/** Stored secrets the start-up check tries to open when the caller names no sample size. */
export const STORED_SECRETS_SAMPLE_SIZE = 100;

/** How far a re-encryption got. */
export interface ReencryptionProgress {
  /** Rows that held a ciphertext under an older key. */
  rows: number;
  /** Ciphertexts now under the newest key. */
  reencrypted: number;
  /** Ciphertexts no key of the ring opens: left as they are. */
  undecryptable: number;
  /** True when every row was looked at (false: stopped by the signal; run again to go on). */
  complete: boolean;
}

/** Options of {@link reencryptStoredSecrets}. */
export interface ReencryptionOptions {
  /** Rows per batch (one read, one write). @default 500 */
  batchSize?: number;
  /** Stops between batches once aborted; what was written stays, and a new run skips it. */
  signal?: AbortSignal;
  /** Called after each batch is written, with the totals so far. */
  onBatch?: (progress: ReencryptionProgress) => void;
}

/**
 * Re-encrypts every stored ciphertext not yet under the cipher's newest key, in batches by id.
 * Resumable: ciphertexts carry their key id, so a new run (after an interruption, or to pick up
 * secrets written meanwhile by an instance still on an older newest key) reads only what is left.
 * Without downtime: instances running with the ring `new,old` read both forms throughout, and each
 * replacement swaps one ciphertext for the same secret, leaving concurrent changes alone.
 */
export async function reencryptStoredSecrets(
  store: SecretCiphertextStore,
  cipher: SecretCipher,
  { batchSize = REENCRYPTION_BATCH_SIZE, signal, onBatch }: ReencryptionOptions = {},
): Promise<ReencryptionProgress> {
  const progress: ReencryptionProgress = { rows: 0, reencrypted: 0, undecryptable: 0, complete: false };
  let after: string | null = null;
  while (!signal?.aborted) {
    const rows = await store.listStaleCiphertexts({
      currentPrefix: cipher.currentPrefix,
      after,
      limit: batchSize,
    });
    if (rows.length === 0) return { ...progress, complete: true };
    const replacements: CiphertextReplacement[] = [];
    for (const { id, ciphertexts } of rows) {
      for (const from of ciphertexts) {
        const to = unlessUndecryptable(() => cipher.reencrypt(from));
        if (to === null) progress.undecryptable++;
        else replacements.push({ id, from, to });
      }
    }
    progress.reencrypted += replacements.length ? await store.replaceCiphertexts(replacements) : 0;
    progress.rows += rows.length;
    after = rows[rows.length - 1].id;
    onBatch?.({ ...progress });
  }
  return progress;
}

/**
 * How many of a sample of stored ciphertexts no key of the ring opens. The sample is taken among the
 * ciphertexts not under the newest key (those under it open by construction), oldest rows first, so
 * an unfinished rotation or a ring missing the key of older secrets is found by looking at a few.
 */
export async function countUndecryptableSecrets(
  store: SecretCiphertextStore,
  cipher: SecretCipher,
  sampleSize = STORED_SECRETS_SAMPLE_SIZE,
): Promise<number> {
  const rows = await store.listStaleCiphertexts({
    currentPrefix: cipher.currentPrefix,
    after: null,
    limit: sampleSize,
  });
  return rows
    .flatMap((row) => row.ciphertexts)
    .filter((ciphertext) => unlessUndecryptable(() => cipher.decrypt(ciphertext)) === null).length;
}

/** What `work` returns, or null when it throws {@link UndecryptableSecretError} (anything else propagates). */
function unlessUndecryptable(work: () => string): string | null {
  try {
    return work();
  } catch (error) {
    if (error instanceof UndecryptableSecretError) return null;
    throw error;
  }
}

/** Options of {@link assertStoredSecretsReadable}. */
export interface StoredSecretsCheckOptions {
  /** The option or setting holding the ring, named in the refusal (e.g. `WebhooksModule secretKeys`). */
  setting: string;
  /** Told when the store cannot be read (not migrated yet, database down): start-up goes on. */
  warn: (message: string) => void;
  /** Stored secrets to try at most. @default 100 */
  sampleSize?: number;
}

/**
 * The start-up check of a module holding encrypted secrets: a sample of them (see
 * {@link countUndecryptableSecrets}) must open with the ring. A store that cannot be read yet is
 * not a key problem: the check warns and lets start-up go on (the app's own readiness reports the
 * database).
 * @throws UndecryptableStoredSecretsError naming `setting` and the fix when some do not open.
 */
export async function assertStoredSecretsReadable(
  store: SecretCiphertextStore,
  cipher: SecretCipher,
  { setting, warn, sampleSize }: StoredSecretsCheckOptions,
): Promise<void> {
  let count: number;
  try {
    count = await countUndecryptableSecrets(store, cipher, sampleSize);
  } catch (error) {
    warn(COMMON_MESSAGES.storedSecretsUnchecked(setting, error));
    return;
  }
  if (count > 0) throw new UndecryptableStoredSecretsError(count, setting);
}
