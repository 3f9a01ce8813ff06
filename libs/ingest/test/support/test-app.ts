import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Provider, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createValidationPipe, ErrorEnvelopeFilter, ManualClock, type AuthorizeFunction } from '@org/common';
import { IngestModule, type IngestModuleOptions, type IngestStore } from '@org/ingest';
import { InboundEventWorker } from '../../src/processing/inbound-event.worker.js';
import {
  createHttpAdapter,
  testHttpAdapter,
  useJsonParser,
} from '../../../common/test/support/http-platform.js';

/** Header {@link authorizeTestCaller} reads the caller's workspace from (a host's authorize does it for real). */
export const WORKSPACE_HEADER = 'x-test-workspace';

/**
 * The `authorize` option of the test apps: the caller acts in the workspace {@link WORKSPACE_HEADER}
 * names, or across every workspace without it, with every scope.
 */
export const authorizeTestCaller: AuthorizeFunction = (request) => {
  const workspace = request.headers[WORKSPACE_HEADER];
  return { workspace: typeof workspace === 'string' ? workspace : null };
};

/** A running Nest app with IngestModule, listening on 127.0.0.1, and what tests need around it. */
export interface IngestTestApp {
  app: INestApplication;
  baseUrl: string;
  clock: ManualClock;
  worker: InboundEventWorker;
  /** POSTs raw bytes to `/api/webhooks/<source>` (or any path under /api) and returns status and JSON. */
  post(path: string, body: string | Buffer, headers: Record<string, string>): Promise<TestResponse>;
  get(path: string): Promise<TestResponse>;
  /** Any management call as a key bound to `workspace` (`null`: bound to none), with a JSON body. */
  api(method: string, path: string, workspace: string | null, body?: unknown): Promise<TestResponse>;
  /** Processes what is due now and waits until the worker is idle. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- assertions read arbitrary JSON
}

export interface TestAppOptions {
  store: IngestStore;
  options?: Omit<IngestModuleOptions, 'storage' | 'clock'>;
  /** Build the module with forRootAsync (useFactory, with these imports) instead of forRoot. */
  async?: boolean | { imports: (Type | DynamicModule)[] };
  /**
   * A ready-made module definition (e.g. forRootAsync with useClass), used instead of forRoot; give
   * it `authorize: authorizeTestCaller` for {@link IngestTestApp.api} to act in a workspace.
   */
  module?: (clock: ManualClock, store: IngestStore) => DynamicModule;
  providers?: Provider[];
  imports?: (Type | DynamicModule)[];
  rawBody?: boolean;
  /** The host's JSON parser limit, in bytes. @default 2 MiB */
  parserLimit?: number;
  clock?: ManualClock;
}

/**
 * Boots the app the way the README tells hosts to: raw bodies on, `/api` prefix, error envelope, on
 * the platform `TEST_HTTP_ADAPTER` names (Express when unset).
 */
export async function startIngestApp(setup: TestAppOptions): Promise<IngestTestApp> {
  const clock = setup.clock ?? new ManualClock(Date.now());
  const options = {
    authorize: authorizeTestCaller,
    worker: { sweepIntervalMs: 60_000 },
    ...setup.options,
    storage: setup.store,
    clock,
  };
  const ingest = setup.module
    ? setup.module(clock, setup.store)
    : setup.async
      ? IngestModule.forRootAsync({
          imports: setup.async === true ? [] : setup.async.imports,
          useFactory: async () => options,
        })
      : IngestModule.forRoot(options);
  const moduleRef = await Test.createTestingModule({
    imports: [...(setup.imports ?? []), ingest],
    providers: setup.providers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(testHttpAdapter()), {
    rawBody: setup.rawBody ?? true,
    logger: false,
  });
  useJsonParser(app, setup.parserLimit ?? 2 * 1024 * 1024);
  app.setGlobalPrefix('api');
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.init();
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const worker = app.get(InboundEventWorker);

  const request = async (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${baseUrl}/api${path}`, { method, body, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    app,
    baseUrl,
    clock,
    worker,
    post: (path, body, headers) => request('POST', path, body, headers),
    get: (path) => request('GET', path),
    api: (method, path, workspace, body) =>
      request(method, path, body === undefined ? undefined : JSON.stringify(body), {
        'content-type': 'application/json',
        ...(workspace === null ? {} : { [WORKSPACE_HEADER]: workspace }),
      }),
    drain: async () => {
      await worker.whenIdle();
      worker.wake();
      await worker.whenIdle();
    },
    close: () => app.close(),
  };
}
