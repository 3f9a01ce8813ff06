import { Readable } from 'node:stream';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { NO_JSON_PARSER, RAW_BODY_CHECK_UNSUPPORTED, RAW_BODY_DISABLED } from '../ingest.messages.js';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';

interface MiddlewareLayer {
  name?: string;
  handle: (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
}

/**
 * Fails start-up when the host did not create the app with `{ rawBody: true }`: without the exact
 * bytes no signature can be checked, and finding out from the first real webhook is too late. By
 * bootstrap Nest has installed its body parsers, so the check feeds a tiny in-memory JSON request
 * through the first Express JSON parser and sees whether it keeps `req.rawBody`: the behaviour that
 * matters, however the parser was configured (`{ rawBody: true }`, `app.useBodyParser('json', …)`).
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
    if (adapter.getType() !== 'express') {
      this.logger.warn(RAW_BODY_CHECK_UNSUPPORTED(adapter.getType()));
      return;
    }
    const stack = (adapter.getInstance() as { router?: { stack?: MiddlewareLayer[] } }).router?.stack ?? [];
    const parser = stack.find((layer) => layer.name === 'jsonParser');
    if (!parser) throw new IngestConfigurationError(NO_JSON_PARSER);
    if (!(await this.keepsRawBody(parser))) throw new IngestConfigurationError(RAW_BODY_DISABLED);
  }

  /** Runs a tiny JSON request through the parser, in memory, and reports whether it kept the bytes. */
  protected async keepsRawBody(parser: MiddlewareLayer): Promise<boolean> {
    const body = Buffer.from('{}');
    const request = Object.assign(Readable.from([body]), {
      headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
      method: 'POST',
      url: '/',
    }) as Readable & { rawBody?: unknown };
    await new Promise<void>((resolve) => parser.handle(request, {}, () => resolve()));
    return Buffer.isBuffer(request.rawBody);
  }
}
