import type {
  CiphertextReplacement,
  StaleCiphertexts,
  StaleCiphertextQuery,
} from './secret-ciphertext-store.interface.js';

/** A stored row with encrypted secrets, as the in-memory stores hold it. */
export interface RowWithSecrets<S extends { ciphertext: string }> {
  id: string;
  secrets: S[];
  /** Further encrypted values of the row (a subscription's credentials), re-encrypted alike. */
  credentials?: { ciphertext: string }[];
}

/** `SecretCiphertextStore.listStaleCiphertexts` over in-memory rows (shared by both libraries' stores). */
export function listStaleCiphertextsIn<S extends { ciphertext: string }>(
  rows: Iterable<RowWithSecrets<S>>,
  { currentPrefix, after, limit }: StaleCiphertextQuery,
): StaleCiphertexts[] {
  return [...rows]
    .filter((row) => after === null || row.id > after)
    .map((row) => ({
      id: row.id,
      ciphertexts: [...row.secrets, ...(row.credentials ?? [])]
        .map((s) => s.ciphertext)
        .filter((c) => !c.startsWith(currentPrefix)),
    }))
    .filter((row) => row.ciphertexts.length > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, limit);
}

/**
 * `SecretCiphertextStore.replaceCiphertexts` over in-memory rows: swaps each `from` still held by
 * its row, in place. Returns how many were swapped.
 */
export function replaceCiphertextsIn<S extends { ciphertext: string }>(
  find: (id: string) => RowWithSecrets<S> | undefined,
  replacements: readonly CiphertextReplacement[],
): number {
  let replaced = 0;
  for (const { id, from, to } of replacements) {
    const row = find(id);
    if (!row) continue;
    const swap = <T extends { ciphertext: string }>(list: T[]): T[] =>
      list.map((s) => (s.ciphertext === from ? { ...s, ciphertext: to } : s));
    if (row.secrets.some((s) => s.ciphertext === from)) row.secrets = swap(row.secrets);
    else if (row.credentials?.some((s) => s.ciphertext === from)) row.credentials = swap(row.credentials);
    else continue;
    replaced++;
  }
  return replaced;
}
