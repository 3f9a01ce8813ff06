// Messages of @org/common, in one place (as each library's `<lib>.messages.ts`).

/** Messages of the secret cipher, its key ring and the stored-secrets check, and of the optional peers. */
export const COMMON_MESSAGES = {
  /** A key given neither as 64 hex characters nor as base64 of 32 bytes. */
  keyForm: 'must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
  emptyKeyRing: 'SecretCipher needs at least one key',
  keyLength: (index: number, bytes: number) =>
    `SecretCipher needs 32-byte keys, got ${bytes} bytes for key ${index + 1}`,
  /** Position `index` (0-based) is empty in a comma-separated ring of `count` keys. */
  emptyRingEntry: (index: number, count: number) => `key ${index + 1} of ${count} is empty (an extra comma?)`,
  /** The same key twice in a ring: its second place would never be used. */
  repeatedKey: (index: number, first: number) => `key ${index + 1} repeats key ${first + 1}`,
  /** Deliberately without the cipher's own text (`Unsupported state or unable to authenticate data`). */
  keyNotInRing: 'the secret was encrypted with a key that is not in the key ring (or was altered)',
  unrecognisedCiphertext: 'the stored value is not a secret ciphertext',
  /** Both spellings of the ring option given; `single` and `ring` are the option names. */
  bothKeyForms: (single: string, ring: string) =>
    `and ${ring} are both given: give the one key as ${single} or the ring (newest first) as ${ring}, not both`,
  /**
   * Start-up refused: `count` of the stored secrets looked at cannot be opened by any key of the
   * ring named `setting`; says what to do (`command`: how the host re-encrypts, if it has one).
   */
  undecryptableStoredSecrets: (count: number, setting: string, command?: string) =>
    `${count} stored secret(s) cannot be decrypted with any key in ${setting}: add the key they were written with ` +
    `to ${setting} (newest key first: <new key>,<old key>), and remove an old key only once the stored secrets ` +
    `are re-encrypted under the newest one${command ? ` (${command})` : ''}.`,
  /** The start-up check could not read the stored secrets (tables not migrated yet, database down). */
  storedSecretsUnchecked: (setting: string, error: unknown) =>
    `Could not check that the stored secrets open with ${setting}, starting anyway: ${
      error instanceof Error ? error.message : String(error)
    }`,
  /** The host passed `metricsRegistry`, but prom-client (an optional peer) cannot be loaded. */
  metricsNeedPromClient: (moduleName: string) =>
    `${moduleName}: metricsRegistry needs the prom-client package, which is not installed: npm install prom-client`,
  /** Start-up without prom-client and without `metricsRegistry`: the module counts nothing. */
  metricsOff: (moduleName: string) =>
    `${moduleName}: metrics off (prom-client is not installed; npm install prom-client to count them)`,
} as const;
