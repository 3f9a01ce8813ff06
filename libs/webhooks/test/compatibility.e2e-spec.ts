import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { DynamicModule } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import type { Receiver } from '@org/receiver';
import {
  COMPATIBLE_SYSTEMS,
  InvalidWebhooksOptionsError,
  WebhooksModule,
  WebhooksService,
  type CompatibleSystem,
} from '@org/webhooks';
import { WebhooksCompatibility } from '../src/compatibility/webhooks-compatibility.js';
import { startReceiver } from './support/delivery-app.js';
import { authorizeTestCaller, createTestApp, TEST_EVENT_TYPES, type TestApp } from './support/test-app.js';

/** The aliases, named as the tests read them. */
type Alias =
  | 'endpointRoutes'
  | 'eventRedeliveryRoute'
  | 'deleteByBodyRoute'
  | 'testRoute'
  | 'eventsField'
  | 'activeField'
  | 'enabledField'
  | 'activeAnswer'
  | 'deliveryFilters'
  | 'pingResultFields';

/** What each seed's documented requests and answers use (/work/shared/seeds, one suite each in apps/api). */
const USED_BY: Record<CompatibleSystem, readonly Alias[]> = {
  // 001 "Testing locally": POST /webhooks {"events": ["*"]}, POST /webhooks/:id/test.
  rex: ['eventsField', 'testRoute'],
  // 002: /webhooks/endpoints…, events and enabled, the delivery filters, event redelivery.
  rapidly: [
    'endpointRoutes',
    'eventRedeliveryRoute',
    'eventsField',
    'enabledField',
    'activeAnswer',
    'deliveryFilters',
  ],
  // 003: POST /webhooks {"events"} answered with events, DELETE /webhooks {"id"}.
  apex: ['eventsField', 'deleteByBodyRoute'],
  // 004: events and active in bodies and answers, /test answered with Repull's fields.
  repull: ['eventsField', 'activeField', 'activeAnswer', 'testRoute', 'pingResultFields'],
};
const ALIASES = [...new Set(Object.values(USED_BY).flat())].sort();

/** A module on in-memory storage, no workers, that may ping loopback receivers. */
const moduleWith = (compatibility?: unknown): DynamicModule =>
  WebhooksModule.forRoot({
    authorize: authorizeTestCaller,
    worker: false,
    allowPrivateUrls: true,
    eventTypes: TEST_EVENT_TYPES,
    ...(compatibility === undefined ? {} : { compatibility: compatibility as CompatibleSystem[] }),
  });

const KNOWN = 'known: apex, rapidly, repull, rex';

describe('the compatibility extra when the module is built', () => {
  it.each([
    [['foo'], `WebhooksModule: compatibility: unknown system "foo"; ${KNOWN}`],
    [['rex', 'Rapidly', 'x'], `WebhooksModule: compatibility: unknown systems "Rapidly", "x"; ${KNOWN}`],
    ['rex', `WebhooksModule: compatibility: must be an array of system names, got "rex"; ${KNOWN}`],
    [null, `WebhooksModule: compatibility: must be an array of system names, got null; ${KNOWN}`],
  ])('refuses %j with one sentence naming the known systems', (value, message) => {
    const registrations = [
      () => WebhooksModule.forRoot({ compatibility: value as CompatibleSystem[] }),
      () =>
        WebhooksModule.forRootAsync({ compatibility: value as CompatibleSystem[], useFactory: () => ({}) }),
    ];
    for (const register of registrations) {
      expect(register).toThrow(InvalidWebhooksOptionsError);
      expect(register).toThrow(new Error(message));
    }
  });

  it('is given beside useFactory; returned by it, start-up says where it belongs', async () => {
    const app = await createTestApp(
      WebhooksModule.forRootAsync({
        compatibility: ['rapidly', 'rapidly'],
        useFactory: () => ({ authorize: authorizeTestCaller, worker: false }),
      }),
    );
    try {
      expect(app.app.get(WebhooksCompatibility).systems).toEqual(['rapidly']);
      await app.as(null).get('/api/webhooks/endpoints').expect(200);
    } finally {
      await app.close();
    }
    const misplaced = WebhooksModule.forRootAsync({
      useFactory: () => ({ authorize: authorizeTestCaller, worker: false, compatibility: ['rex'] }) as object,
    });
    await expect(Test.createTestingModule({ imports: [misplaced] }).compile()).rejects.toThrow(
      'WebhooksModule: compatibility: give it to forRootAsync() beside useFactory',
    );
  });
});

/** The sets a module is built with: none (the default), each system alone, all of them. */
const SETS: [string, CompatibleSystem[] | undefined][] = [
  ['by default', undefined],
  ...COMPATIBLE_SYSTEMS.map((system): [string, CompatibleSystem[]] => [`with ${system}`, [system]]),
  ['with all four', [...COMPATIBLE_SYSTEMS]],
];

describe.each(SETS)('WebhooksModule %s', (_, compatibility) => {
  const served = new Set((compatibility ?? []).flatMap((system) => USED_BY[system]));
  let app: TestApp;
  let receiver: Receiver;
  let document: OpenAPIObject;

  beforeAll(async () => {
    [app, receiver] = await Promise.all([createTestApp(moduleWith(compatibility)), startReceiver()]);
    document = SwaggerModule.createDocument(app.app, new DocumentBuilder().build());
  });
  afterAll(async () => {
    await Promise.all([app.close(), receiver.close()]);
  });

  const caller = () => app.as(null);
  const subscribe = async (body: object = {}) =>
    (
      await caller()
        .post('/api/webhooks')
        .send({ url: receiver.url, event_types: ['deal.*'], ...body })
        .expect(201)
    ).body.data.id as string;
  const unknownFields = (...fields: string[]) =>
    fields.map((field) => ({ field, message: `${field} is not a known field` }));

  /** Each alias, exercised: it works where it is served, and is refused or absent everywhere else. */
  const PROBES: Record<Alias, (on: boolean) => Promise<void>> = {
    endpointRoutes: async (on) => {
      const created = await caller().post('/api/webhooks/endpoints').send({ url: receiver.url });
      expect(created.status).toBe(on ? 201 : 404);
      const list = await caller().get('/api/webhooks/endpoints');
      // Without the alias, `endpoints` is just an id no subscription has.
      expect([list.status, list.body.error?.code]).toEqual(
        on ? [200, undefined] : [404, 'subscription_not_found'],
      );
    },
    eventRedeliveryRoute: async (on) => {
      const event = await app.app.get(WebhooksService).publish('deal.won', {});
      const res = await caller().post(`/api/webhooks/events/${event.id}/redeliver`);
      expect([res.status, res.body.data ?? res.body.error.code]).toEqual(
        on ? [202, { event_id: event.id, delivery_ids: [], status: 'pending' }] : [404, 'not_found'],
      );
    },
    deleteByBodyRoute: async (on) => {
      const id = await subscribe();
      const res = await caller().delete('/api/webhooks').send({ id });
      expect([res.status, res.body.error?.code]).toEqual(on ? [204, undefined] : [404, 'not_found']);
      await caller()
        .get(`/api/webhooks/${id}`)
        .expect(on ? 404 : 200);
    },
    testRoute: async (on) => {
      const id = await subscribe();
      const res = await caller().post(`/api/webhooks/${id}/test`);
      expect([res.status, res.body.data?.http_status]).toEqual(on ? [200, 200] : [404, undefined]);
    },
    eventsField: async (on) => {
      const res = await caller()
        .post('/api/webhooks')
        .send({ url: receiver.url, events: ['deal.won'] });
      if (on) expect(res.body.data).toMatchObject({ event_types: ['deal.won'], events: ['deal.won'] });
      else expect([res.status, res.body.error.details]).toEqual([400, unknownFields('events')]);
      const read = (
        await caller()
          .get(`/api/webhooks/${await subscribe()}`)
          .expect(200)
      ).body.data;
      expect(read.events).toEqual(on ? ['deal.*'] : undefined);
    },
    activeField: async (on) => {
      const res = await caller()
        .patch(`/api/webhooks/${await subscribe()}`)
        .send({ active: false });
      if (on) expect([res.status, res.body.data.status]).toEqual([200, 'paused']);
      else expect([res.status, res.body.error.details]).toEqual([400, unknownFields('active')]);
    },
    enabledField: async (on) => {
      const res = await caller().post('/api/webhooks').send({ url: receiver.url, enabled: false });
      if (on) expect([res.status, res.body.data.status]).toEqual([201, 'paused']);
      else expect([res.status, res.body.error.details]).toEqual([400, unknownFields('enabled')]);
    },
    activeAnswer: async (on) => {
      const read = (
        await caller()
          .get(`/api/webhooks/${await subscribe()}`)
          .expect(200)
      ).body.data;
      expect(read.active).toEqual(on ? true : undefined);
    },
    deliveryFilters: async (on) => {
      const res = await caller().get('/api/webhooks/deliveries?endpoint_id=whk_x&succeeded=true');
      if (on) expect([res.status, res.body.data]).toEqual([200, []]);
      else
        expect([res.status, res.body.error.details]).toEqual([
          400,
          unknownFields('endpoint_id', 'succeeded'),
        ]);
    },
    pingResultFields: async (on) => {
      const res = await caller()
        .post(`/api/webhooks/${await subscribe()}/ping`)
        .expect(200);
      const repull = on ? ['response_code', 'response_time_ms', 'status'] : [];
      expect(Object.keys(res.body.data).sort()).toEqual(
        ['delivery_id', 'duration_ms', 'http_status', ...repull].sort(),
      );
    },
  };

  it.each(ALIASES)('serves %s exactly when one of its systems is named', async (alias) => {
    await PROBES[alias](served.has(alias));
  });

  it('documents in Swagger the routes, tags and fields it serves, and no others', () => {
    const paths = document.paths as Record<
      string,
      Record<string, { tags?: string[]; parameters?: { name: string }[] }>
    >;
    const schemas = document.components!.schemas as Record<string, { properties: Record<string, unknown> }>;
    const fields = (schema: string, ...names: string[]) =>
      names.map((name) => name in schemas[schema].properties);
    const deliveryFilters = (paths['/api/webhooks/deliveries'].get.parameters ?? []).map((p) => p.name);
    const DOCUMENTED: Record<Alias, boolean[]> = {
      endpointRoutes: [
        '/api/webhooks/endpoints',
        '/api/webhooks/endpoints/{id}',
        '/api/webhooks/endpoints/{id}/secret',
      ].map((path) => path in paths),
      eventRedeliveryRoute: ['/api/webhooks/events/{id}/redeliver' in paths],
      deleteByBodyRoute: ['delete' in paths['/api/webhooks']],
      testRoute: ['/api/webhooks/{id}/test' in paths],
      eventsField: [
        ...fields('CreateSubscriptionDto', 'events'),
        ...fields('UpdateSubscriptionDto', 'events'),
        ...fields('SubscriptionDto', 'events'),
      ],
      activeField: [
        ...fields('CreateSubscriptionDto', 'active'),
        ...fields('UpdateSubscriptionDto', 'active'),
      ],
      enabledField: [
        ...fields('CreateSubscriptionDto', 'enabled'),
        ...fields('UpdateSubscriptionDto', 'enabled'),
      ],
      activeAnswer: fields('SubscriptionDto', 'active'),
      deliveryFilters: [
        'endpoint_id',
        'start_timestamp',
        'end_timestamp',
        'succeeded',
        'http_code_class',
      ].map((name) => deliveryFilters.includes(name)),
      pingResultFields: [
        ...fields('PingResultDto', 'status', 'response_code', 'response_time_ms'),
        'response_code' in (schemas.PingFailedResponseDto.properties.data as { example: object }).example,
      ],
    };
    for (const alias of ALIASES)
      expect({ alias, documented: DOCUMENTED[alias] }).toEqual({
        alias,
        documented: DOCUMENTED[alias].map(() => served.has(alias)),
      });
    const aliasTags = new Set(
      Object.values(paths)
        .flatMap((item) => Object.values(item).flatMap((operation) => operation.tags ?? []))
        .filter((tag) => tag.startsWith('Aliases')),
    );
    const expectedTags = [
      ...(served.has('endpointRoutes') ? ['Aliases (Rapidly)'] : []),
      ...(served.has('deleteByBodyRoute') ? ['Aliases (Apex)'] : []),
      ...(served.has('testRoute') ? ['Aliases (Rex 001, Repull)'] : []),
    ];
    expect([...aliasTags].sort()).toEqual(expectedTags.sort());
    // The canonical API is the same whatever the module serves beside it.
    expect(paths['/api/webhooks/{id}/ping'].post).toBeDefined();
    expect(fields('CreateSubscriptionDto', 'url', 'event_types', 'format')).toEqual([true, true, true]);
  });
});
