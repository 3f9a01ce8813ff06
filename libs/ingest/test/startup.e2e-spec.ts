import { describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { json } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ErrorEnvelopeFilter } from '@org/common';
import { IngestModule, InMemoryIngestStore, type IngestModuleOptions } from '@org/ingest';
import { SECRETS, stripeRequest } from './support/signing.js';
import { authorizeTestCaller } from './support/test-app.js';
import {
  createHttpAdapter,
  HTTP_ADAPTERS,
  type HttpAdapterName,
} from '../../common/test/support/http-platform.js';

const sources = { stripe: { secrets: [SECRETS.stripe] } };
/** What every start-up here gives besides its own options: who may call the management routes. */
const authorize = authorizeTestCaller;

async function boot(
  platform: HttpAdapterName,
  options: IngestModuleOptions,
  appOptions: { rawBody?: boolean; bodyParser?: boolean } = {},
) {
  const moduleRef = await Test.createTestingModule({
    imports: [IngestModule.forRoot({ authorize, ...options })],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(platform), { logger: false, ...appOptions });
  return { app, init: () => app.init() };
}

/** Replaces the JSON parser the way a host raising the limit does, on each platform. */
function raiseJsonLimit(platform: HttpAdapterName, app: unknown): void {
  if (platform === 'express') (app as NestExpressApplication).useBodyParser('json', { limit: '5mb' });
  else (app as NestFastifyApplication).useBodyParser('application/json', { bodyLimit: 5 * 1024 * 1024 });
}

/** A host's own JSON parser, bypassing Nest's, that keeps `req.rawBody` or not. */
function registerOwnJsonParser(platform: HttpAdapterName, app: INestApplication, keepRawBody: boolean): void {
  type WithRawBody = { rawBody?: Buffer };
  if (platform === 'express') {
    const verify = (req: object, _res: unknown, buffer: Buffer) => {
      if (keepRawBody) (req as WithRawBody).rawBody = buffer;
    };
    app.use(json({ verify }));
    return;
  }
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    if (keepRawBody) (req as WithRawBody).rawBody = body as Buffer;
    done(null, JSON.parse(body.toString()));
  });
}

describe.each(HTTP_ADAPTERS)('start-up on %s', (platform) => {
  it('fails when the app was created without { rawBody: true }, saying how to fix it', async () => {
    const { app, init } = await boot(platform, { storage: new InMemoryIngestStore(), sources });
    await expect(init()).rejects.toThrow(
      'IngestModule: the application does not keep raw request bodies, so webhook signatures cannot be verified. ' +
        'Create the app with NestFactory.create(AppModule, { rawBody: true })',
    );
    await app.close();
  });

  it('fails when the body parser is turned off', async () => {
    const { app, init } = await boot(
      platform,
      { storage: new InMemoryIngestStore(), sources },
      { rawBody: true, bodyParser: false },
    );
    await expect(init()).rejects.toThrow('no JSON body parser is registered');
    await app.close();
  });

  it('starts with { rawBody: true }, also when the host replaces the JSON parser with its own limit', async () => {
    const { app, init } = await boot(
      platform,
      { storage: new InMemoryIngestStore(), sources },
      { rawBody: true },
    );
    raiseJsonLimit(platform, app);
    await expect(init()).resolves.toBe(app);
    await app.close();
  });

  it.each([
    [true, 'starts'],
    [false, 'fails'],
  ])('probes a JSON parser the host registered itself (keeps raw body: %s → %s)', async (keeps) => {
    const { app, init } = await boot(
      platform,
      { storage: new InMemoryIngestStore(), sources },
      { rawBody: true, bodyParser: false },
    );
    registerOwnJsonParser(platform, app, keeps);
    if (keeps) await expect(init()).resolves.toBe(app);
    else await expect(init()).rejects.toThrow('the application does not keep raw request bodies');
    await app.close();
  });

  it('with the check turned off and no raw body, answers 500 raw_body_unavailable rather than guessing', async () => {
    const { app, init } = await boot(platform, {
      storage: new InMemoryIngestStore(),
      sources,
      checkRawBodyAtStartup: false,
    });
    app.useGlobalFilters(new ErrorEnvelopeFilter());
    await init();
    await app.listen(0, '127.0.0.1');
    try {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const { body, headers } = stripeRequest({ id: 'evt_no_raw', at: new Date() });
      const response = await fetch(`http://127.0.0.1:${port}/webhooks/stripe`, {
        method: 'POST',
        body,
        headers,
      });
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'raw_body_unavailable',
      );
    } finally {
      await app.close();
    }
  });
});

describe('start-up options', () => {
  it('refuses bad options at start-up, naming each one (forRoot and forRootAsync)', async () => {
    const bad = {
      authorize,
      sources: { stripe: { secrets: [] }, github: { secrets: 'x' } },
      maxBodyBytes: -1,
    } as unknown as IngestModuleOptions;
    const message =
      'IngestModule: sources.stripe.secrets: must be a non-empty array of strings; sources.github.secrets: must be a non-empty array of strings; maxBodyBytes: must be a whole number of at least 1, got -1';
    await expect(
      Test.createTestingModule({ imports: [IngestModule.forRoot(bad)] }).compile(),
    ).rejects.toThrow(message);
    await expect(
      Test.createTestingModule({ imports: [IngestModule.forRootAsync({ useFactory: () => bad })] }).compile(),
    ).rejects.toThrow(message);
  });

  it('refuses the in-memory store when NODE_ENV=production unless allowed', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await expect(
        Test.createTestingModule({ imports: [IngestModule.forRoot({ authorize, sources })] }).compile(),
      ).rejects.toThrow('storage: must be a durable store when NODE_ENV=production');
      const allowed = await Test.createTestingModule({
        imports: [IngestModule.forRoot({ authorize, sources, allowInMemoryStorage: true })],
      }).compile();
      await allowed.close();
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
