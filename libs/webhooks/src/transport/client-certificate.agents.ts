import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import type { ClientTlsMaterial } from './client-tls-material.js';

/** Distinct client certificates kept connected at once, by default. */
const DEFAULT_CAPACITY = 256;

/**
 * The connection pools of deliveries that present a client certificate: one undici `Agent` per
 * (subscription, certificate fingerprint, CA), since TLS material is fixed per connection and a
 * keep-alive socket opened with one subscription's certificate must never carry another's request.
 * A small LRU in a `Map` (the pattern of `SigningSecretCache`): an evicted pool is closed gracefully,
 * letting its in-flight requests finish, so a replaced certificate's sockets do not linger.
 */
export class ClientCertificateAgents {
  private readonly agents = new Map<string, Agent>();

  constructor(
    private readonly createAgent: (material: ClientTlsMaterial) => Agent,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** The pool for `material`, made on first use. */
  agentFor(material: ClientTlsMaterial): Agent {
    const key = poolKey(material);
    const cached = this.agents.get(key);
    if (cached !== undefined) {
      // Re-insert so Map order stays least-recently-used first.
      this.agents.delete(key);
      this.agents.set(key, cached);
      return cached;
    }
    const agent = this.createAgent(material);
    this.agents.set(key, agent);
    if (this.agents.size > this.capacity) {
      const [oldestKey, oldest] = this.agents.entries().next().value!;
      this.agents.delete(oldestKey);
      // Graceful: requests already dispatched on it complete; nothing waits for the close.
      void oldest.close().catch(() => undefined);
    }
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
