import type { INestApplication, DynamicModule } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { createValidationPipe, ErrorEnvelopeFilter, type AuthorizeFunction } from '@org/common';
import request from 'supertest';
import {
  createHttpAdapter,
  testHttpAdapter,
  untilServing,
  useJsonParser,
} from '../../../common/test/support/http-platform.js';

/** The header {@link authorizeTestCaller} reads the caller's workspace from (a host's authorize does this for real). */
export const WORKSPACE_HEADER = 'x-test-workspace';

/**
 * The `authorize` option of the test apps: the caller acts in the workspace {@link WORKSPACE_HEADER}
 * names, or across every workspace without it, with every scope.
 */
export const authorizeTestCaller: AuthorizeFunction = (request) => {
  const workspace = request.headers[WORKSPACE_HEADER];
  return { workspace: typeof workspace === 'string' ? workspace : null };
};

/** A 32-byte secret key, known to the tests so they can decrypt stored secrets. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 42).toString('base64');

/** The catalogue the e2e suites configure (Rex's types). */
export const TEST_EVENT_TYPES = [
  { name: 'contact.created', description: 'A contact was created.', example: { id: 'con_1', name: 'Ada' } },
  { name: 'contact.updated', description: 'A contact was updated.' },
  { name: 'deal.updated', description: 'A deal was updated.' },
  { name: 'deal.won', description: 'A deal was won.' },
  { name: 'deal.lost', description: 'A deal was lost.' },
  { name: 'task.created', description: 'A task was created.' },
];

/** Requests of one caller. */
export interface Caller {
  get(path: string): request.Test;
  post(path: string): request.Test;
  patch(path: string): request.Test;
  delete(path: string): request.Test;
}

/** A running app and its callers. */
export interface TestApp {
  app: INestApplication;
  /** Requests as a caller bound to `workspace` (`null`: an unbound key that sees everything). */
  as(workspace: string | null): Caller;
  close(): Promise<void>;
}

/**
 * Boots `module` the way the host app does: global prefix `api`, the shared validation pipe and error
 * envelope, on the platform `TEST_HTTP_ADAPTER` names (Express when unset). Give the module
 * `authorize: authorizeTestCaller` for {@link TestApp.as} to act in a workspace.
 */
export async function createTestApp(
  module: DynamicModule,
  customize?: (builder: TestingModuleBuilder) => TestingModuleBuilder,
): Promise<TestApp> {
  const builder = Test.createTestingModule({ imports: [module] });
  const moduleRef = await (customize ? customize(builder) : builder).compile();
  const app = moduleRef.createNestApplication(createHttpAdapter(testHttpAdapter()), { logger: false });
  useJsonParser(app);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  await app.init();
  await untilServing(app);
  const server = app.getHttpServer();
  const withWorkspace = (test: request.Test, workspace: string | null) =>
    workspace === null ? test : test.set(WORKSPACE_HEADER, workspace);
  return {
    app,
    as: (workspace) => ({
      get: (path) => withWorkspace(request(server).get(path), workspace),
      post: (path) => withWorkspace(request(server).post(path), workspace),
      patch: (path) => withWorkspace(request(server).patch(path), workspace),
      delete: (path) => withWorkspace(request(server).delete(path), workspace),
    }),
    close: () => app.close(),
  };
}
