import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, isPrefixedId, OptionChecker, pruneExpiredSecrets, SecretCipher } from '@org/common';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { INBOUND_SOURCE_ID_PREFIX, SOURCE_CACHE_TTL_MS } from '../ingest.constants.js';
import { sourceCannotVerify } from '../ingest.messages.js';
import type { InboundSourceRecord } from '../interfaces/inbound-source.interface.js';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import { createVerifier } from '../source-kinds/source-kinds.js';
import { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import { SOURCE_SECRET_CIPHER } from './source-secret.cipher.js';
import { resolveSourceVerifierOptions } from './source-type-options.js';

/** A source created over the API, ready to verify requests. */
export interface ResolvedInboundSource {
  source: InboundSourceRecord;
  verifier: WebhookVerifier;
}

/**
 * Finds the source of `POST /webhooks/src_…` by primary key and builds its verifier from the
 * decrypted, still-active secrets. Found sources are reused for {@link SOURCE_CACHE_TTL_MS} and
 * invalidated at once by changes made through this process; unknown ids are never cached, so the
 * cache holds at most the existing sources and a stream of made-up ids cannot grow it.
 */
@Injectable()
export class InboundSourceResolver {
  private readonly logger = new Logger(InboundSourceResolver.name);
  private readonly cache = new Map<
    string,
    { expiresAt: number; value: Promise<ResolvedInboundSource | null> }
  >();

  constructor(
    @Inject(InboundSourceStore) private readonly store: InboundSourceStore,
    @Inject(SOURCE_SECRET_CIPHER) private readonly cipher: SecretCipher,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The source with this id and its verifier, or null (unknown, deleted, or not a source id). */
  resolve(id: string): Promise<ResolvedInboundSource | null> {
    if (!isPrefixedId(id, INBOUND_SOURCE_ID_PREFIX)) return Promise.resolve(null);
    const now = this.clock.now().getTime();
    const cached = this.cache.get(id);
    if (cached && cached.expiresAt > now) return cached.value;
    const value = this.load(id);
    this.cache.set(id, { expiresAt: now + SOURCE_CACHE_TTL_MS, value });
    const forget = () => {
      if (this.cache.get(id)?.value === value) this.cache.delete(id);
    };
    value.then((found) => found ?? forget(), forget);
    return value;
  }

  /** Drops what is cached for a source (after an update, a rotation or a delete). */
  invalidate(id: string): void {
    this.cache.delete(id);
  }

  private async load(id: string): Promise<ResolvedInboundSource | null> {
    const source = await this.store.findById(id);
    if (!source) return null;
    const secrets = pruneExpiredSecrets(source.secrets, this.clock.now()).map((s) =>
      this.cipher.decrypt(s.ciphertext),
    );
    // Options were validated when written; a fresh checker only satisfies the resolver's signature.
    const resolved = resolveSourceVerifierOptions(source.type, source.options, secrets, new OptionChecker());
    try {
      return {
        source,
        verifier: await createVerifier(resolved.kind, resolved.options, `type ${source.type}`),
      };
    } catch (error) {
      // A missing peer package is the host's to fix (503 meanwhile); a secret stored before secrets
      // were checked that the verifier cannot take is the source's own: it refuses every request.
      if (error instanceof IngestConfigurationError) throw error;
      this.logger.warn(sourceCannotVerify(id, error));
      return { source, verifier: REFUSES_EVERY_REQUEST };
    }
  }
}

/** The verifier of a source whose secret cannot verify anything. */
const REFUSES_EVERY_REQUEST: WebhookVerifier = { verify: () => false, parse: () => [] };
