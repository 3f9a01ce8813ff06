import type { InboundSourceType } from '../source-kinds/source-kinds.js';

// The types are the keys of the source-kind registry; exported here too, beside the record they type.
export { INBOUND_SOURCE_TYPES, type InboundSourceType } from '../source-kinds/source-kinds.js';

/** One stored secret of a source: encrypted, and expiring once rotated out. */
export interface StoredSourceSecret {
  /** AES-256-GCM ciphertext made by `SecretCipher`; the plain secret is never stored. */
  ciphertext: string;
  /** `null` for the current secret; when a rotated-out secret stops being accepted. */
  expiresAt: Date | null;
}

/**
 * A source created over the API (`src_…`): where `POST /webhooks/<id>` is verified from, and the
 * workspace its events belong to.
 */
export interface InboundSourceRecord {
  id: string;
  /** Workspace of the key that created it; `null` for a key bound to none. */
  workspace: string | null;
  name: string;
  type: InboundSourceType;
  /** The type's options (snake_case, as the API takes them), validated when written. */
  options: Record<string, unknown>;
  /** Newest first: the current secret, then rotated-out ones until they expire. */
  secrets: StoredSourceSecret[];
  createdAt: Date;
  updatedAt: Date;
}
