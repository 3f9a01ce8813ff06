import { afterEach, describe, expect, it, jest } from '@jest/globals';
import {
  Global,
  HttpException,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type Provider,
  type Type,
} from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import {
  allowEveryoneInDevelopment,
  type Authorizer,
  type AuthorizeFunction,
  type ManagementRequest,
  type Principal,
} from '@org/common';
import {
  InvalidWebhooksOptionsError,
  SubscriptionsService,
  WebhooksModule,
  WebhooksService,
  type WebhooksModuleOptions,
} from '@org/webhooks';
import request from 'supertest';
import { WebhooksManagementGuard } from '../src/auth/webhooks-management.guard.js';
import { COMPATIBLE_SYSTEMS } from '../src/compatibility/compatible-systems.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The callers the tests speak as, named by the `x-caller` header. */
const CALLERS: Record<string, Principal> = {
  admin: { workspace: null },
  reader: { workspace: null, scopes: ['webhooks:read'] },
  acme: { workspace: 'acme' },
  globex: { workspace: 'globex', scopes: ['webhooks:read', 'webhooks:write'] },
};
const callerOf = (request: ManagementRequest): Principal | null =>
  CALLERS[String(request.headers['x-caller'])] ?? null;

const MISSING_AUTHORIZE =
  "WebhooksModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none";

const subscription = { name: 'Orders', url: 'https://example.com/orders' };

/** An app whose module is `WebhooksModule.forRoot({ authorize, worker: false })`, beside `providers`. */
function appWith(
  authorize: WebhooksModuleOptions['authorize'],
  host: { imports?: DynamicModule['imports']; providers?: Provider[] } = {},
): Promise<TestApp> {
  return createTestApp({
    module: class HostModule {},
    imports: [...(host.imports ?? []), WebhooksModule.forRoot({ authorize, worker: false })],
    providers: host.providers ?? [],
  });
}

const as = (app: TestApp, caller: string | undefined) => {
  const server = app.app.getHttpServer();
  const call = (test: request.Test) => (caller === undefined ? test : test.set('x-caller', caller));
  return {
    get: (path: string) => call(request(server).get(path)),
    post: (path: string) => call(request(server).post(path)),
    patch: (path: string) => call(request(server).patch(path)),
    delete: (path: string) => call(request(server).delete(path)),
  };
};

describe('WebhooksModule authorize', () => {
  const originalEnv = process.env.NODE_ENV;
  let app: TestApp | undefined;
  afterEach(async () => {
    process.env.NODE_ENV = originalEnv;
    jest.restoreAllMocks();
    await app?.close();
    app = undefined;
  });

  it('fails start-up without authorize, with one sentence naming both fixes (forRoot and forRootAsync)', async () => {
    const compile = (module: DynamicModule) => Test.createTestingModule({ imports: [module] }).compile();
    for (const module of [
      WebhooksModule.forRoot({ worker: false }),
      WebhooksModule.forRootAsync({ useFactory: () => ({ worker: false }) }),
    ]) {
      const refusal = await compile(module).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(InvalidWebhooksOptionsError);
      expect((refusal as Error).message).toBe(MISSING_AUTHORIZE);
    }
  });

  it.each<[string, () => DynamicModule]>([
    ['forRoot', () => WebhooksModule.forRoot({ controllers: false, worker: false })],
    [
      'forRootAsync',
      () => WebhooksModule.forRootAsync({ controllers: false, useFactory: () => ({ worker: false }) }),
    ],
  ])(
    'with controllers: false (%s) mounts no management route and needs no authorize',
    async (_, register) => {
      app = await createTestApp(register());
      for (const [method, path] of [
        ['get', '/api/webhooks'],
        ['post', '/api/webhooks'],
        ['get', '/api/webhooks/event-types'],
        ['get', '/api/webhooks/deliveries'],
        ['post', '/api/events'],
        ['get', '/api/webhooks/endpoints'],
      ] as const) {
        expect((await as(app, 'admin')[method](path)).status).toBe(404);
      }
      // The services stay, for the host's own controllers.
      const created = await app.app
        .get(SubscriptionsService)
        .create({ name: 'Mine', url: 'https://example.com/mine' }, null);
      expect(created.subscription.id).toMatch(/^whk_/);
      await expect(app.app.get(WebhooksService).publish('order.paid', { id: 1 })).resolves.toMatchObject({
        type: 'order.paid',
      });
    },
  );

  it('answers 401 when authorize returns null, and lets nothing through to the handler', async () => {
    app = await appWith(callerOf);
    for (const caller of [undefined, 'stranger']) {
      const refused = await as(app, caller).post('/api/webhooks').send(subscription);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual({
        error: {
          code: 'unauthorized',
          message:
            "The request is not authenticated: the module's authorize option returned null for this caller.",
        },
      });
    }
    expect((await as(app, 'admin').get('/api/webhooks').expect(200)).body.data).toEqual([]);
  });

  it('gives a read-only principal 200 on reads and 403 naming the scope on every write', async () => {
    app = await appWith(callerOf);
    const id = (await as(app, 'admin').post('/api/webhooks').send(subscription).expect(201)).body.data.id;
    const event = (
      await as(app, 'admin').post('/api/events').send({ type: 'order.paid', data: {} }).expect(201)
    ).body.data.id;
    for (const path of [
      '/api/webhooks',
      `/api/webhooks/${id}`,
      '/api/webhooks/event-types',
      `/api/events/${event}`,
    ]) {
      expect((await as(app, 'reader').get(path)).status).toBe(200);
    }
    for (const [method, path] of [
      ['post', '/api/webhooks'],
      ['patch', `/api/webhooks/${id}`],
      ['delete', `/api/webhooks/${id}`],
      ['post', '/api/events'],
      ['post', `/api/webhooks/${id}/ping`],
    ] as const) {
      const refused = await as(app, 'reader')[method](path).send({});
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({
        error: {
          code: 'forbidden',
          message: `The caller lacks the webhooks:write scope that ${method.toUpperCase()} requests need.`,
          details: [
            { field: 'scope', message: 'webhooks:write is required; the scopes held are webhooks:read' },
          ],
        },
      });
    }
    expect((await as(app, 'admin').get(`/api/webhooks/${id}`).expect(200)).body.data.name).toBe('Orders');
  });

  it('scopes a workspace-bound principal to its workspace: 404 for another workspace’s subscription', async () => {
    app = await appWith(callerOf);
    const acme = (await as(app, 'acme').post('/api/webhooks').send(subscription).expect(201)).body.data.id;
    const globex = (await as(app, 'globex').post('/api/webhooks').send(subscription).expect(201)).body.data
      .id;
    const list = async (caller: string) =>
      (await as(app!, caller).get('/api/webhooks').expect(200)).body.data.map((s: { id: string }) => s.id);
    expect(await list('acme')).toEqual([acme]);
    expect(await list('globex')).toEqual([globex]);
    expect((await list('admin')).sort()).toEqual([acme, globex].sort());
    expect((await as(app, 'acme').get(`/api/webhooks/${globex}`)).status).toBe(404);
    expect((await as(app, 'acme').patch(`/api/webhooks/${globex}`).send({ name: 'Mine' })).status).toBe(404);
    expect((await as(app, 'acme').delete(`/api/webhooks/${globex}`)).status).toBe(404);
    expect((await as(app, 'globex').get(`/api/webhooks/${globex}`).expect(200)).body.data.name).toBe(
      'Orders',
    );
  });

  it('waits for an async authorize', async () => {
    const authorize: AuthorizeFunction = async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return callerOf(request);
    };
    app = await appWith(authorize);
    expect((await as(app, 'reader').get('/api/webhooks')).status).toBe(200);
    expect((await as(app, 'reader').post('/api/webhooks').send(subscription)).status).toBe(403);
    expect((await as(app, undefined).get('/api/webhooks')).status).toBe(401);
  });

  @Injectable()
  class CallerDirectory {
    principalOf(request: ManagementRequest): Principal | null {
      return callerOf(request);
    }
  }

  @Injectable()
  class DirectoryAuthorizer implements Authorizer {
    constructor(readonly directory: CallerDirectory) {}

    authorize(request: ManagementRequest): Principal | null {
      return this.directory.principalOf(request);
    }
  }

  it('uses an Authorizer class the host registered, with its injected dependency', async () => {
    app = await appWith(DirectoryAuthorizer, { providers: [CallerDirectory, DirectoryAuthorizer] });
    const spy = jest.spyOn(app.app.get(DirectoryAuthorizer), 'authorize');
    expect((await as(app, 'acme').get('/api/webhooks')).status).toBe(200);
    expect((await as(app, 'reader').delete('/api/webhooks/whk_1')).status).toBe(403);
    expect((await as(app, undefined).get('/api/webhooks')).status).toBe(401);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('creates an Authorizer class the host did not register, injecting what the module can see', async () => {
    @Global()
    @Module({ providers: [CallerDirectory], exports: [CallerDirectory] })
    class DirectoryModule {}
    app = await appWith(DirectoryAuthorizer, { imports: [DirectoryModule] });
    expect((await as(app, 'admin').post('/api/webhooks').send(subscription)).status).toBe(201);
    expect((await as(app, 'reader').post('/api/webhooks').send(subscription)).status).toBe(403);
    expect((await as(app, 'nobody').get('/api/webhooks')).status).toBe(401);
  });

  it('stops start-up when an Authorizer class cannot be built, rather than at the first request', async () => {
    // CallerDirectory is neither registered nor visible to the module.
    await expect(appWith(DirectoryAuthorizer)).rejects.toThrow(/DirectoryAuthorizer/);
  });

  it('answers 401, never 500, when authorize throws, and logs it once with a sentence naming the fix', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    app = await appWith(() => {
      throw new TypeError('keys.get is not a function');
    });
    const answer = await as(app, 'admin').get('/api/webhooks');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: {
        code: 'unauthorized',
        message: "The request could not be authenticated: the module's authorize option failed.",
      },
    });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toBe(
      'WebhooksModule: the authorize option threw TypeError: keys.get is not a function, so the request was answered 401: ' +
        "make authorize return the caller's principal, or null for an unknown caller, and throw only an HttpException " +
        '(UnauthorizedException, ForbiddenException, …) to answer with a status of its own.',
    );
  });

  it('answers 401 and logs an answer that is not a principal', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    app = await appWith(((request: ManagementRequest) =>
      request.headers['x-caller'] === 'typo'
        ? { workspace: null, scopes: ['webhook:write'] }
        : { workspaces: ['acme'] }) as unknown as AuthorizeFunction);
    expect((await as(app, 'typo').get('/api/webhooks')).status).toBe(401);
    expect((await as(app, 'other').get('/api/webhooks')).status).toBe(401);
    expect(logged.mock.calls.map((call) => call[0])).toEqual([
      expect.stringContaining(
        'answered a principal whose scopes are not a list of webhooks:read, webhooks:write',
      ),
      expect.stringContaining('answered a principal whose workspace is undefined'),
    ]);
  });

  it('passes an HttpException thrown by authorize through unchanged', async () => {
    app = await appWith(() => {
      throw new HttpException({ code: 'too_many_requests', message: 'Slow down.' }, 429);
    });
    const answer = await as(app, 'admin').get('/api/webhooks');
    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({ error: { code: 'too_many_requests', message: 'Slow down.' } });
  });

  it('lets everyone in with allowEveryoneInDevelopment, and refuses it when NODE_ENV=production', async () => {
    app = await appWith(allowEveryoneInDevelopment);
    expect((await as(app, undefined).post('/api/webhooks').send(subscription)).status).toBe(201);
    process.env.NODE_ENV = 'production';
    await expect(
      Test.createTestingModule({
        imports: [
          WebhooksModule.forRoot({
            authorize: allowEveryoneInDevelopment,
            allowInMemoryStorage: true,
            worker: false,
          }),
        ],
      }).compile(),
    ).rejects.toThrow(
      'WebhooksModule: authorize: allowEveryoneInDevelopment lets every caller manage every workspace and is refused when NODE_ENV=production: ' +
        'give an authorize that identifies callers (a function or an Authorizer class), or controllers: false to mount no management route',
    );
  });

  it('puts WebhooksManagementGuard on every controller it mounts, the other systems’ aliases too', () => {
    const controllers = (WebhooksModule.forRoot({
      authorize: allowEveryoneInDevelopment,
      compatibility: COMPATIBLE_SYSTEMS,
    }).controllers ?? []) as Type[];
    expect(controllers).toHaveLength(10);
    const unguarded = controllers.filter(
      (controller) =>
        !((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []).includes(
          WebhooksManagementGuard,
        ),
    );
    expect(unguarded.map((controller) => controller.name)).toEqual([]);
  });
});
