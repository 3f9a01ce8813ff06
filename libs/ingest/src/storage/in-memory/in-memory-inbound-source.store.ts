import {
  listStaleCiphertextsIn,
  replaceCiphertextsIn,
  type CiphertextReplacement,
  type StaleCiphertexts,
  type StaleCiphertextQuery,
} from '@org/common';
import type { InboundSourceRecord } from '../../interfaces/inbound-source.interface.js';
import type {
  InboundSourcePatch,
  InboundSourceStore,
  ListInboundSourcesQuery,
} from '../inbound-source-store.interface.js';

/** Sources in a Map by id: for tests and first runs (the default when no `sourceStorage` is given). */
export class InMemoryInboundSourceStore implements InboundSourceStore {
  private readonly sources = new Map<string, InboundSourceRecord>();

  async create(source: InboundSourceRecord): Promise<void> {
    this.sources.set(source.id, structuredClone(source));
  }

  async findById(id: string): Promise<InboundSourceRecord | null> {
    const source = this.sources.get(id);
    return source ? structuredClone(source) : null;
  }

  async list({ workspace, before, limit }: ListInboundSourcesQuery): Promise<InboundSourceRecord[]> {
    return [...this.sources.values()]
      .filter((s) => (workspace === undefined || s.workspace === workspace) && (!before || s.id < before))
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, limit)
      .map((s) => structuredClone(s));
  }

  async update(id: string, patch: InboundSourcePatch): Promise<InboundSourceRecord | null> {
    const source = this.sources.get(id);
    if (!source) return null;
    const updated = { ...source, ...definedOnly(patch) };
    this.sources.set(id, structuredClone(updated));
    return structuredClone(updated);
  }

  async delete(id: string): Promise<boolean> {
    return this.sources.delete(id);
  }

  async listStaleCiphertexts(query: StaleCiphertextQuery): Promise<StaleCiphertexts[]> {
    return listStaleCiphertextsIn(this.sources.values(), query);
  }

  async replaceCiphertexts(replacements: readonly CiphertextReplacement[]): Promise<number> {
    return replaceCiphertextsIn((id) => this.sources.get(id), replacements);
  }
}

function definedOnly(patch: InboundSourcePatch): Partial<InboundSourceRecord> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
}
