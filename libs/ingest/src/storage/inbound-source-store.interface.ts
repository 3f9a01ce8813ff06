import type { SecretCiphertextStore } from '@org/common';
import type { InboundSourceRecord, StoredSourceSecret } from '../interfaces/inbound-source.interface.js';

/** Filters and page position of a source listing. */
export interface ListInboundSourcesQuery {
  /** Only this workspace's sources; `undefined` lists every workspace. */
  workspace?: string | null;
  /** Only sources with an id lower than this (the list is newest first). */
  before?: string;
  limit: number;
}

/** What an update may change. */
export interface InboundSourcePatch {
  name?: string;
  options?: Record<string, unknown>;
  secrets?: StoredSourceSecret[];
  updatedAt: Date;
}

/**
 * Storage port of the sources created over the API. Implementations: `InMemoryInboundSourceStore`
 * and `MikroOrmInboundSourceStore` from `@org/ingest/mikro-orm`. Lookups by id are by primary key,
 * so the gateway's cost does not grow with the number of sources. As a {@link SecretCiphertextStore} it
 * lets key rotation re-encrypt every workspace's source secrets. One contract suite tests both.
 */
export interface InboundSourceStore extends SecretCiphertextStore {
  /**
   * Checks, once at start-up before anything is served, that the store can work (e.g. the database
   * server's version); rejecting stops the application with the rejection's message.
   */
  prepare?(): Promise<void>;
  /** Stores a new source. */
  create(source: InboundSourceRecord): Promise<void>;
  /** The source with this id, or null. */
  findById(id: string): Promise<InboundSourceRecord | null>;
  /** Sources matching the filters, newest first (by id), at most `limit`. */
  list(query: ListInboundSourcesQuery): Promise<InboundSourceRecord[]>;
  /** Applies the patch; returns the updated source, or null when it does not exist. */
  update(id: string, patch: InboundSourcePatch): Promise<InboundSourceRecord | null>;
  /** Removes the source; false when it did not exist. Its stored events are kept. */
  delete(id: string): Promise<boolean>;
}

/** Injection token for {@link InboundSourceStore}. */
export const InboundSourceStore = Symbol('InboundSourceStore');
