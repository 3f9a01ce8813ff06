import { describe, expect, it } from '@jest/globals';
import { listStaleCiphertextsIn, replaceCiphertextsIn } from './in-memory-ciphertexts.js';
import { parseSecretKeyRing, SecretCipher } from './secret-cipher.js';
import type { SecretCiphertextStore } from './secret-ciphertext-store.interface.js';
import {
  assertStoredSecretsReadable,
  countUndecryptableSecrets,
  reencryptStoredSecrets,
} from './secret-reencryption.js';
import { UndecryptableSecretError } from './undecryptable-secret.error.js';
import { UndecryptableStoredSecretsError } from './undecryptable-stored-secrets.error.js';

const A = Buffer.alloc(32, 0xa1);
const B = Buffer.alloc(32, 0xb2);
const C = Buffer.alloc(32, 0xc3);

/** Made by the previous release's `SecretCipher` (no key id) under key A: must stay readable. */
const LEGACY_UNDER_A =
  'v1.vY9ULw_ngoDRsxaI.KLsG2HqG4JNkMrqC5tQu4A.SLGAnOSvASoW6JflAF0Cb1TmYooFMd-Ks5HhKc3VGvSyZQ';
const LEGACY_PLAIN = 'whsec_made_by_the_previous_release';

/** The error `work` throws. */
function thrown(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('SecretCipher key ring', () => {
  it('encrypts with the first key and decrypts with any key of the ring', () => {
    const underA = new SecretCipher(A).encrypt('whsec_one');
    const ring = new SecretCipher([B, A]);
    const underB = ring.encrypt('whsec_two');
    expect(ring.decrypt(underA)).toBe('whsec_one');
    expect(ring.decrypt(underB)).toBe('whsec_two');
    // The first key wrote it: B alone opens it, A alone does not.
    expect(new SecretCipher(B).decrypt(underB)).toBe('whsec_two');
    expect(() => new SecretCipher(A).decrypt(underB)).toThrow(UndecryptableSecretError);
  });

  it('reads secrets stored by the previous release (no key id) with any key of the ring', () => {
    expect(new SecretCipher(A).decrypt(LEGACY_UNDER_A)).toBe(LEGACY_PLAIN);
    expect(new SecretCipher([B, A]).decrypt(LEGACY_UNDER_A)).toBe(LEGACY_PLAIN);
    expect(new SecretCipher([C, B]).isCurrent(LEGACY_UNDER_A)).toBe(false);
    const rewritten = new SecretCipher([B, A]).reencrypt(LEGACY_UNDER_A);
    expect(rewritten.startsWith(new SecretCipher(B).currentPrefix)).toBe(true);
    expect(new SecretCipher(B).decrypt(rewritten)).toBe(LEGACY_PLAIN);
  });

  it('refuses a ring without the right key with an error that carries no cipher text', () => {
    const wrongRing = new SecretCipher([C, B]);
    for (const stored of [new SecretCipher(A).encrypt('whsec_x'), LEGACY_UNDER_A]) {
      const error = thrown(() => wrongRing.decrypt(stored));
      expect(error).toBeInstanceOf(UndecryptableSecretError);
      expect(error.message).toBe(
        'the secret was encrypted with a key that is not in the key ring (or was altered)',
      );
      expect(error.message).not.toMatch(/unsupported state|authenticate data/i);
    }
    expect(thrown(() => wrongRing.decrypt('not-a-ciphertext'))).toBeInstanceOf(UndecryptableSecretError);
  });

  it('binds the key id to the ciphertext: another key id does not open it', () => {
    const underA = new SecretCipher(A).encrypt('whsec_x');
    const [version, , ...rest] = underA.split('.');
    const relabelled = [version, new SecretCipher(B).currentPrefix.split('.')[1], ...rest].join('.');
    expect(() => new SecretCipher([B, A]).decrypt(relabelled)).toThrow(UndecryptableSecretError);
  });

  it('recognises secrets already under the newest key, and re-encrypts the others', () => {
    const ring = new SecretCipher([B, A]);
    const underB = ring.encrypt('whsec_b');
    expect(ring.isCurrent(underB)).toBe(true);
    expect(ring.reencrypt(underB)).toBe(underB);
    const underA = new SecretCipher(A).encrypt('whsec_a');
    expect(ring.isCurrent(underA)).toBe(false);
    expect(new SecretCipher(B).decrypt(ring.reencrypt(underA))).toBe('whsec_a');
  });

  it('refuses an empty ring, a short key and a key given twice', () => {
    expect(() => new SecretCipher([])).toThrow('at least one key');
    expect(() => new SecretCipher([A, Buffer.alloc(16)])).toThrow('got 16 bytes for key 2');
    expect(() => new SecretCipher([A, B, A])).toThrow('key 3 repeats key 1');
  });
});

describe('parseSecretKeyRing', () => {
  const a = A.toString('base64');
  const b = B.toString('hex');

  it('reads comma-separated keys, newest first, base64 or hex', () => {
    expect(parseSecretKeyRing(` ${b} , ${a}`)).toEqual([B, A]);
    expect(parseSecretKeyRing(a)).toEqual([A]);
  });

  it('names the position of a bad key', () => {
    expect(() => parseSecretKeyRing(`${b},short,${a}`)).toThrow('key 2 of 3 must be 32 bytes');
    expect(() => parseSecretKeyRing(`${b},,${a}`)).toThrow('key 2 of 3 is empty');
    expect(() => parseSecretKeyRing(`${a},${b},${a}`)).toThrow('key 3 repeats key 1');
  });
});

/** A store of rows with secrets, as the in-memory adapters hold them. */
function memoryStore(rows: { id: string; secrets: { ciphertext: string }[] }[]): SecretCiphertextStore & {
  writes: number;
} {
  const store = {
    writes: 0,
    listStaleCiphertexts: async (query: Parameters<SecretCiphertextStore['listStaleCiphertexts']>[0]) =>
      listStaleCiphertextsIn(rows, query),
    replaceCiphertexts: async (replacements: Parameters<SecretCiphertextStore['replaceCiphertexts']>[0]) => {
      store.writes++;
      return replaceCiphertextsIn((id) => rows.find((row) => row.id === id), replacements);
    },
  };
  return store;
}

describe('reencryptStoredSecrets', () => {
  const rowsUnderA = () => {
    const a = new SecretCipher(A);
    return ['r1', 'r2', 'r3', 'r4', 'r5'].map((id) => ({
      id,
      secrets: [{ ciphertext: a.encrypt(`${id}-current`) }, { ciphertext: a.encrypt(`${id}-previous`) }],
    }));
  };

  it('stops between batches when aborted, and a new run goes on with what is left', async () => {
    const rows = rowsUnderA();
    const store = memoryStore(rows);
    const ring = new SecretCipher([B, A]);
    const stop = new AbortController();
    const first = await reencryptStoredSecrets(store, ring, {
      batchSize: 2,
      signal: stop.signal,
      onBatch: () => stop.abort(),
    });
    expect(first).toEqual({ rows: 2, reencrypted: 4, undecryptable: 0, complete: false });
    expect(rows.map((row) => row.secrets.every((s) => ring.isCurrent(s.ciphertext)))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);

    const second = await reencryptStoredSecrets(store, ring, { batchSize: 2 });
    expect(second).toEqual({ rows: 3, reencrypted: 6, undecryptable: 0, complete: true });
    const newOnly = new SecretCipher(B);
    expect(rows.flatMap((row) => row.secrets.map((s) => newOnly.decrypt(s.ciphertext)))).toEqual(
      rows.flatMap((row) => [`${row.id}-current`, `${row.id}-previous`]),
    );

    const writes = store.writes;
    expect(await reencryptStoredSecrets(store, ring, { batchSize: 2 })).toEqual({
      rows: 0,
      reencrypted: 0,
      undecryptable: 0,
      complete: true,
    });
    expect(store.writes).toBe(writes);
  });

  it('leaves a secret rotated away meanwhile alone and counts what no key opens', async () => {
    const rows = rowsUnderA();
    rows.push({ id: 'r6', secrets: [{ ciphertext: new SecretCipher(C).encrypt('lost') }] });
    const store = memoryStore(rows);
    const original = store.replaceCiphertexts;
    // The API rotates r1's secrets between the read and the write.
    store.replaceCiphertexts = async (replacements) => {
      rows[0].secrets = [{ ciphertext: new SecretCipher([B, A]).encrypt('rotated') }];
      return original(replacements);
    };
    const result = await reencryptStoredSecrets(store, new SecretCipher([B, A]), { batchSize: 10 });
    expect(result).toEqual({ rows: 6, reencrypted: 8, undecryptable: 1, complete: true });
    expect(new SecretCipher(B).decrypt(rows[0].secrets[0].ciphertext)).toBe('rotated');
  });
});

describe('the start-up check of stored secrets', () => {
  it('counts the sampled secrets no key opens, and refuses with a sentence naming the setting', async () => {
    const a = new SecretCipher(A);
    const store = memoryStore([
      { id: 'r1', secrets: [{ ciphertext: a.encrypt('x') }] },
      { id: 'r2', secrets: [{ ciphertext: LEGACY_UNDER_A }, { ciphertext: a.encrypt('y') }] },
    ]);
    expect(await countUndecryptableSecrets(store, new SecretCipher([B, A]))).toBe(0);
    expect(await countUndecryptableSecrets(store, new SecretCipher(C))).toBe(3);
    expect(await countUndecryptableSecrets(store, new SecretCipher(C), 1)).toBe(1);
    const refusal = assertStoredSecretsReadable(store, new SecretCipher(C), {
      setting: 'WEBHOOKS_SECRET_KEYS',
      warn: () => undefined,
    });
    await expect(refusal).rejects.toThrow(UndecryptableStoredSecretsError);
    await expect(refusal).rejects.toThrow(
      /^3 stored secret\(s\) cannot be decrypted with any key in WEBHOOKS_SECRET_KEYS: add the key they were written with/,
    );
  });

  it('warns and lets start-up go on when the store cannot be read', async () => {
    const warnings: string[] = [];
    const broken: SecretCiphertextStore = {
      listStaleCiphertexts: () => Promise.reject(new Error('relation "webhook_subscription" does not exist')),
      replaceCiphertexts: () => Promise.resolve(0),
    };
    await assertStoredSecretsReadable(broken, new SecretCipher(A), {
      setting: 'secretKeys',
      warn: (message) => warnings.push(message),
    });
    expect(warnings).toEqual([expect.stringContaining('does not exist')]);
  });
});
