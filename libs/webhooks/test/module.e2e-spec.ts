import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { allowEveryoneInDevelopment, Clock, ManualClock } from '@org/common';
import {
  InMemoryWebhooksStorage,
  RESOLVED_WEBHOOKS_OPTIONS,
  WebhooksModule,
  WebhooksService,
  type ResolvedWebhooksOptions,
  type WebhooksModuleOptions,
  type WebhooksOptionsFactory,
} from '@org/webhooks';
import { authorizeTestCaller, createTestApp, type TestApp } from './support/test-app.js';

/** The module's own event, listed in every catalogue so operators can subscribe to it. */
const OPERATOR_EVENT = {
  name: 'webhook.disabled',
  description: expect.any(String),
  schema: null,
  example: expect.any(Object),
};
const CERTIFICATE_EVENT = { ...OPERATOR_EVENT, name: 'webhook.certificate_expiring' };

const clock = new ManualClock(Date.UTC(2026, 4, 1, 9));
const options: WebhooksModuleOptions = {
  authorize: allowEveryoneInDevelopment,
  eventTypes: [{ name: 'order.paid', description: 'An order was paid.' }],
  clock,
  worker: false,
  retrySchedule: '0,1m',
};

@Injectable()
class WebhooksConfig implements WebhooksOptionsFactory {
  createWebhooksOptions(): WebhooksModuleOptions {
    return options;
  }
}

@Module({ providers: [WebhooksConfig], exports: [WebhooksConfig] })
class ConfigModule {}

const registrations: [string, () => DynamicModule][] = [
  ['forRoot', () => WebhooksModule.forRoot(options)],
  [
    'forRootAsync useFactory',
    () =>
      WebhooksModule.forRootAsync({
        imports: [ConfigModule],
        inject: [WebhooksConfig],
        useFactory: (c: WebhooksConfig) => c.createWebhooksOptions(),
      }),
  ],
  ['forRootAsync useClass', () => WebhooksModule.forRootAsync({ useClass: WebhooksConfig })],
  [
    'forRootAsync useExisting',
    () => WebhooksModule.forRootAsync({ imports: [ConfigModule], useExisting: WebhooksConfig }),
  ],
];

describe.each(registrations)('WebhooksModule.%s', (_, register) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp(register());
  });
  afterAll(async () => app.close());

  it('resolves the options once and serves the API with them', async () => {
    const resolved = app.app.get<ResolvedWebhooksOptions>(RESOLVED_WEBHOOKS_OPTIONS);
    expect(resolved.retrySchedule).toEqual([0, 60_000]);
    expect(resolved.storage).toBeInstanceOf(InMemoryWebhooksStorage);
    expect((await app.as(null).get('/api/webhooks/event-types').expect(200)).body).toEqual({
      data: [
        { name: 'order.paid', description: 'An order was paid.', schema: null, example: null },
        OPERATOR_EVENT,
        CERTIFICATE_EVENT,
      ],
    });
    const created = await app
      .as(null)
      .post('/api/webhooks')
      .send({ name: 'Orders', url: 'https://example.com/orders', event_types: ['order.*'] })
      .expect(201);
    expect(created.body.data.created_at).toBe('2026-05-01T09:00:00.000Z');
    const event = await app.app.get(WebhooksService).publish('order.paid', { id: 'ord_1' });
    expect((await app.as(null).get(`/api/events/${event.id}`).expect(200)).body.data.data).toEqual({
      id: 'ord_1',
    });
  });
});

describe('WebhooksModule wiring', () => {
  const originalEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = originalEnv;
  });

  it('runs with authorize alone: in-memory storage, any event type', async () => {
    const app = await createTestApp(WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment }));
    try {
      expect((await app.as(null).get('/api/webhooks/event-types').expect(200)).body).toEqual({
        data: [OPERATOR_EVENT, CERTIFICATE_EVENT],
      });
      await app.as(null).post('/api/events').send({ type: 'anything.goes', data: {} }).expect(201);
    } finally {
      await app.close();
    }
  });

  it('lets a test override the Clock provider', async () => {
    const other = new ManualClock(Date.UTC(2030, 0, 1));
    const app = await createTestApp(
      WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment, worker: false }),
      (builder) => builder.overrideProvider(Clock).useValue(other),
    );
    try {
      const created = await app
        .as(null)
        .post('/api/webhooks')
        .send({ name: 'x', url: 'https://example.com/x' })
        .expect(201);
      expect(created.body.data.created_at).toBe('2030-01-01T00:00:00.000Z');
    } finally {
      await app.close();
    }
  });

  it('stops start-up on a bad option, naming it (forRoot and forRootAsync)', async () => {
    const compile = (module: DynamicModule) => Test.createTestingModule({ imports: [module] }).compile();
    await expect(
      compile(WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment, retrySchedule: '0,3x' })),
    ).rejects.toThrow('WebhooksModule: retrySchedule: entry 2 ("3x") is not a delay');
    await expect(
      compile(
        WebhooksModule.forRootAsync({
          useFactory: () => ({ authorize: allowEveryoneInDevelopment, secretKey: 'short' }),
        }),
      ),
    ).rejects.toThrow('WebhooksModule: secretKey: must be 32 bytes');
    process.env.NODE_ENV = 'production';
    await expect(compile(WebhooksModule.forRoot({ authorize: authorizeTestCaller }))).rejects.toThrow(
      'WebhooksModule: storage: in-memory storage',
    );
    const allowed = await compile(
      WebhooksModule.forRoot({
        authorize: authorizeTestCaller,
        allowInMemoryStorage: true,
        worker: false,
      }),
    );
    expect(allowed.get<ResolvedWebhooksOptions>(RESOLVED_WEBHOOKS_OPTIONS).storage.kind).toBe('memory');
    await allowed.close();
  });

  it('isGlobal makes WebhooksService injectable in modules that do not import it', async () => {
    @Injectable()
    class Publisher {
      constructor(readonly webhooks: WebhooksService) {}
    }
    @Module({ providers: [Publisher] })
    class FeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        WebhooksModule.forRoot({ isGlobal: true, authorize: allowEveryoneInDevelopment, worker: false }),
        FeatureModule,
      ],
    }).compile();
    expect(moduleRef.get(Publisher).webhooks).toBeInstanceOf(WebhooksService);
    await moduleRef.close();
    await expect(
      Test.createTestingModule({
        imports: [
          WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment, worker: false }),
          FeatureModule,
        ],
      }).compile(),
    ).rejects.toThrow(/WebhooksService/);
  });

  it('documents every endpoint in Swagger with security, schemas and error responses', async () => {
    const app = await createTestApp(
      WebhooksModule.forRoot({ authorize: allowEveryoneInDevelopment, worker: false }),
    );
    try {
      const document = SwaggerModule.createDocument(
        app.app,
        new DocumentBuilder()
          .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api_key')
          .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
          .build(),
      );
      const paths = document.paths as Record<
        string,
        Record<
          string,
          {
            tags?: string[];
            security?: object[];
            summary?: string;
            responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
          }
        >
      >;
      const ref = (path: string, method: string, status: string) =>
        paths[path][method].responses[status]?.content?.['application/json'].schema.$ref;
      const expected: [string, string, string, string][] = [
        ['/api/webhooks', 'post', '201', 'SubscriptionWithSecretResponseDto'],
        ['/api/webhooks', 'get', '200', 'SubscriptionPageDto'],
        ['/api/webhooks/{id}', 'get', '200', 'SubscriptionResponseDto'],
        ['/api/webhooks/{id}', 'patch', '200', 'SubscriptionResponseDto'],
        ['/api/webhooks/{id}/secret', 'patch', '200', 'SubscriptionWithSecretResponseDto'],
        ['/api/webhooks/event-types', 'get', '200', 'EventTypeListDto'],
        ['/api/events', 'post', '201', 'PublishedEventResponseDto'],
        ['/api/events', 'get', '200', 'EventPageDto'],
        ['/api/events/{id}', 'get', '200', 'EventDetailResponseDto'],
        ['/api/webhooks/{id}/recover', 'post', '202', 'RecoverResponseDto'],
        ['/api/webhooks/{id}/deliveries/{attempt_id}', 'get', '200', 'DeliveryAttemptDetailResponseDto'],
      ];
      for (const [path, method, status, schema] of expected) {
        const operation = paths[path][method];
        expect(ref(path, method, status)).toBe(`#/components/schemas/${schema}`);
        expect(operation.summary).toEqual(expect.any(String));
        expect(operation.security).toEqual(expect.arrayContaining([{ api_key: [] }, { bearer: [] }]));
        expect(ref(path, method, '401')).toBe('#/components/schemas/ApiErrorResponse');
      }
      expect(paths['/api/webhooks/{id}'].delete.responses['204']).toBeDefined();
      expect(ref('/api/webhooks', 'post', '400')).toBe('#/components/schemas/ApiErrorResponse');
      expect(ref('/api/webhooks/{id}', 'get', '404')).toBe('#/components/schemas/ApiErrorResponse');
      expect(ref('/api/events', 'post', '413')).toBe('#/components/schemas/ApiErrorResponse');
      const schemas = document.components!.schemas as Record<
        string,
        { properties: Record<string, { example?: unknown }> }
      >;
      expect(schemas.CreateSubscriptionDto.properties.url.example).toBe('https://example.com/webhooks/rex');
      expect(Object.keys(schemas.SubscriptionDto.properties)).not.toContain('secret');
      const settings = ['retry_schedule', 'timeout_ms', 'rate_limit', 'max_in_flight', 'ordering'];
      for (const dto of ['CreateSubscriptionDto', 'UpdateSubscriptionDto', 'SubscriptionDto'])
        expect(Object.keys(schemas[dto].properties)).toEqual(expect.arrayContaining(settings));
      expect(Object.keys(schemas.DeliveryAttemptDetailDto.properties)).toEqual(
        expect.arrayContaining([
          'url',
          'request_headers',
          'response_headers',
          'error_class',
          'response_body',
        ]),
      );
    } finally {
      await app.close();
    }
  });
});
