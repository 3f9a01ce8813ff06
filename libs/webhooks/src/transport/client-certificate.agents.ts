import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import { LruMap } from '../rules/lru-map.js';
import type { ClientTlsMaterial } from './client-tls-material.js';

/** Distinct client certificates kept connected at once, by default. */
const DEFAULT_CAPACITY = 256;

/**
 * The connection pools of deliveries that present a client certificate: one undici `Agent` per
 * (subscription, certificate fingerprint, CA), since TLS material is fixed per connection and a
 * keep-alive socket opened with one subscription's certificate must never carry another's request.
 * A small LRU: an evicted pool is closed gracefully,
 * letting its in-flight requests finish, so a replaced certificate's sockets do not linger.
 */
export class ClientCertificateAgents {
  private readonly agents: LruMap<string, Agent>;

  constructor(
    private readonly createAgent: (material: ClientTlsMaterial) => Agent,
    capacity = DEFAULT_CAPACITY,
  ) {
    this.agents = new LruMap(capacity);
  }

  /** The pool for `material`, made on first use. */
  agentFor(material: ClientTlsMaterial): Agent {
    const key = poolKey(material);
    const cached = this.agents.get(key);
    if (cached !== undefined) return cached;
    const agent = this.createAgent(material);
    const evicted = this.agents.set(key, agent);
    // Graceful: requests already dispatched on it complete; nothing waits for the close.
    if (evicted) void evicted[1].close().catch(() => undefined);
    return agent;
  }

  /** How many pools are open (for tests and diagnostics). */
  get size(): number {
    return this.agents.size;
  }

  /** Destroys every pool; in-flight requests fail as aborted connections. */
  async destroy(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((agent) => agent.destroy()));
  }
}

function poolKey({ subscriptionId, fingerprint, ca }: ClientTlsMaterial): string {
  const caHash = ca === null ? '-' : createHash('sha256').update(ca).digest('hex');
  return `${subscriptionId}:${fingerprint}:${caHash}`;
}
