import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { NO_JSON_PARSER, RAW_BODY_CHECK_UNSUPPORTED, RAW_BODY_DISABLED } from '../ingest.messages.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { probeExpressRawBody, probeFastifyRawBody, type RawBodyProbe } from './raw-body.probes.js';

/**
 * Fails start-up when the host did not create the app with `{ rawBody: true }`: without the exact
 * bytes no signature can be checked, and finding out from the first real webhook is too late. By
 * bootstrap Nest has installed its body parsers, so the check feeds a tiny in-memory JSON body
 * through the app's JSON parser (Express or Fastify) and sees whether it keeps `req.rawBody`: the
 * behaviour that matters, however the parser was configured (`{ rawBody: true }`,
 * `app.useBodyParser(…)`).
 */
@Injectable()
export class RawBodyCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('IngestModule');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adapter = this.adapterHost.httpAdapter;
    // An application context without HTTP (a CLI, a worker process) serves no webhooks.
    if (!this.options.checkRawBodyAtStartup || !adapter) return;
    const probe = await this.probe(adapter.getType(), adapter.getInstance());
    if (probe === 'unsupported') this.logger.warn(RAW_BODY_CHECK_UNSUPPORTED(adapter.getType()));
    if (probe === 'no-json-parser') throw new IngestConfigurationError(NO_JSON_PARSER);
    if (probe === 'drops-raw-body') throw new IngestConfigurationError(RAW_BODY_DISABLED);
  }

  /** Feeds the app's JSON parser a tiny body and reports whether it kept the bytes. */
  protected probe(platform: string, instance: unknown): Promise<RawBodyProbe> {
    if (platform === 'express') return probeExpressRawBody(instance);
    if (platform === 'fastify') return probeFastifyRawBody(instance);
    return Promise.resolve('unsupported');
  }
}
