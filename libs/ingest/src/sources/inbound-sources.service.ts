import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  decodeCursor,
  isPrefixedId,
  mapPage,
  newUnguessableId,
  OptionChecker,
  rotateSecrets,
  SecretCipher,
  toPage,
  ValidationFailedException,
  type Page,
  type PaginationQueryDto,
} from '@org/common';
import { InboundSourceNotFoundException } from '../errors/inbound-source-not-found.exception.js';
import { INBOUND_SOURCE_ID_PREFIX, SOURCE_SECRET_ROTATION_OVERLAP_MS } from '../ingest.constants.js';
import type { InboundSourceRecord, InboundSourceType } from '../interfaces/inbound-source.interface.js';
import { generatedSecret, placeholderSecret } from '../options/source-option-checks.js';
import { sourceKind } from '../source-kinds/source-kinds.js';
import { InboundSourceStore } from '../storage/inbound-source-store.interface.js';
import type { CreateInboundSourceDto } from './dto/create-inbound-source.dto.js';
import type { InboundSourceDto, InboundSourceResponseDto } from './dto/inbound-source.dto.js';
import type { UpdateInboundSourceDto } from './dto/update-inbound-source.dto.js';
import { InboundSourceResolver } from './inbound-source.resolver.js';
import { SOURCE_SECRET_CIPHER } from './source-secret.cipher.js';
import { resolveSourceVerifierOptions } from './source-type-options.js';

/**
 * Sources created over the API, each in the workspace of the key that created it: a key bound to a
 * workspace sees and changes only that workspace's sources (others answer 404); a key bound to none
 * sees all. Secrets are encrypted at rest and returned only when generated, once.
 */
@Injectable()
export class InboundSourcesService {
  /** @internal Nest builds it: take it from the module (`app.get()` or injection). */
  constructor(
    @Inject(InboundSourceStore) private readonly store: InboundSourceStore,
    @Inject(SOURCE_SECRET_CIPHER) private readonly cipher: SecretCipher,
    @Inject(Clock) private readonly clock: Clock,
    private readonly resolver: InboundSourceResolver,
  ) {}

  /** @throws ValidationFailedException (400) naming each bad option or a secret of the wrong shape */
  async create(
    body: CreateInboundSourceDto,
    workspace: string | null,
    webhooksUrl: string,
  ): Promise<InboundSourceResponseDto> {
    const options = body.options ?? {};
    const { secret, generated } = this.secretFor(body.type, body.secret);
    validate(body.type, options, secret);
    const now = this.clock.now();
    const source: InboundSourceRecord = {
      // Ids are URLs: fresh randomness each, never derivable from a neighbour's id.
      id: newUnguessableId(INBOUND_SOURCE_ID_PREFIX, now.getTime()),
      workspace,
      name: body.name,
      type: body.type,
      options,
      secrets: [{ ciphertext: this.cipher.encrypt(secret), expiresAt: null }],
      createdAt: now,
      updatedAt: now,
    };
    await this.store.create(source);
    return { data: toDto(source, webhooksUrl), ...(generated ? { secret } : {}) };
  }

  async list(
    { cursor, limit }: PaginationQueryDto,
    workspace: string | null,
    webhooksUrl: string,
  ): Promise<Page<InboundSourceDto>> {
    const rows = await this.store.list({
      ...(workspace !== null ? { workspace } : {}),
      before: decodeCursor(cursor),
      limit: limit + 1,
    });
    return mapPage(
      toPage(rows, limit, (row) => row.id),
      (row) => toDto(row, webhooksUrl),
    );
  }

  /** @throws InboundSourceNotFoundException */
  async get(id: string, workspace: string | null, webhooksUrl: string): Promise<InboundSourceDto> {
    return toDto(await this.find(id, workspace), webhooksUrl);
  }

  /** @throws InboundSourceNotFoundException, ValidationFailedException */
  async update(
    id: string,
    body: UpdateInboundSourceDto,
    workspace: string | null,
    webhooksUrl: string,
  ): Promise<InboundSourceDto> {
    const source = await this.find(id, workspace);
    if (body.options !== undefined) validate(source.type, body.options, null);
    const updated = await this.store.update(id, {
      name: body.name,
      options: body.options,
      updatedAt: this.clock.now(),
    });
    this.resolver.invalidate(id);
    if (!updated) throw new InboundSourceNotFoundException();
    return toDto(updated, webhooksUrl);
  }

  /**
   * Makes `secret` (or a generated one) the current secret; the previous one is accepted for
   * another 24 h, so the provider's settings can be updated without losing deliveries.
   * @throws InboundSourceNotFoundException, ValidationFailedException
   */
  async rotateSecret(
    id: string,
    given: string | undefined,
    workspace: string | null,
    webhooksUrl: string,
  ): Promise<InboundSourceResponseDto> {
    const source = await this.find(id, workspace);
    const { secret, generated } = this.secretFor(source.type, given);
    validate(source.type, source.options, secret);
    const now = this.clock.now();
    const secrets = rotateSecrets(
      source.secrets,
      { ciphertext: this.cipher.encrypt(secret), expiresAt: null },
      now,
      SOURCE_SECRET_ROTATION_OVERLAP_MS,
    );
    const updated = await this.store.update(id, { secrets, updatedAt: now });
    this.resolver.invalidate(id);
    if (!updated) throw new InboundSourceNotFoundException();
    return { data: toDto(updated, webhooksUrl), ...(generated ? { secret } : {}) };
  }

  /** Stops accepting the source's webhooks (404); its stored events stay until retention prunes them. */
  async delete(id: string, workspace: string | null): Promise<void> {
    await this.find(id, workspace);
    await this.store.delete(id);
    this.resolver.invalidate(id);
  }

  private async find(id: string, workspace: string | null): Promise<InboundSourceRecord> {
    const source = isPrefixedId(id, INBOUND_SOURCE_ID_PREFIX) ? await this.store.findById(id) : null;
    if (!source || (workspace !== null && source.workspace !== workspace))
      throw new InboundSourceNotFoundException();
    return source;
  }

  private secretFor(
    type: InboundSourceType,
    given: string | undefined,
  ): { secret: string; generated: boolean } {
    if (given !== undefined) return { secret: given, generated: false };
    const { secret } = sourceKind(type);
    if (secret.issuedByProvider)
      throw new ValidationFailedException([
        { field: 'secret', message: `secret is required for ${type} sources (the provider issues it)` },
      ]);
    return { secret: generatedSecret(secret.shape), generated: true };
  }
}

/** Validates type options (and the secret, when given) as the gateway will resolve them. */
function validate(type: InboundSourceType, options: Record<string, unknown>, secret: string | null): void {
  const check = new OptionChecker();
  // Without a new secret (an options update) a placeholder of the right shape stands in for it.
  const secrets = [secret ?? placeholderSecret(sourceKind(type).secret.shape)];
  resolveSourceVerifierOptions(type, options, secrets, check);
  if (check.problems.length > 0)
    throw new ValidationFailedException(
      check.problems.map(({ option, problem }) => ({ field: option, message: `${option} ${problem}` })),
    );
}

function toDto(source: InboundSourceRecord, webhooksUrl: string): InboundSourceDto {
  const previous = source.secrets.find((s) => s.expiresAt !== null);
  return {
    id: source.id,
    name: source.name,
    type: source.type,
    url: `${webhooksUrl}/${source.id}`,
    workspace: source.workspace,
    options: source.options,
    previous_secret_expires_at: previous?.expiresAt?.toISOString() ?? null,
    created_at: source.createdAt.toISOString(),
    updated_at: source.updatedAt.toISOString(),
  };
}
