import { afterEach, describe, expect, it } from '@jest/globals';
import type { DynamicModule, Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import { allowEveryoneInDevelopment, type ManagementRequest, type Principal } from '@org/common';
import { IngestModule, InMemoryIngestStore, type IngestModuleOptions } from '@org/ingest';
import { IngestManagementGuard } from '../src/auth/ingest-management.guard.js';
import { IngestController } from '../src/receiving/ingest.controller.js';
import { SECRETS, stripeRequest } from './support/signing.js';
import { startIngestApp, type IngestTestApp, type TestResponse } from './support/test-app.js';

/** The callers the tests speak as, named by the `x-caller` header. */
const CALLERS: Record<string, Principal> = {
  admin: { workspace: null },
  reader: { workspace: null, scopes: ['webhooks:read'] },
  acme: { workspace: 'acme' },
  globex: { workspace: 'globex' },
};
const callerOf = (request: ManagementRequest): Principal | null =>
  CALLERS[String(request.headers['x-caller'])] ?? null;

const sources = { stripe: { secrets: [SECRETS.stripe] } };
const source = { name: 'Acme Stripe', type: 'stripe', secret: SECRETS.stripe };

describe('IngestModule authorize', () => {
  const originalEnv = process.env.NODE_ENV;
  let t: IngestTestApp | undefined;
  afterEach(async () => {
    process.env.NODE_ENV = originalEnv;
    await t?.close();
    t = undefined;
  });

  const start = (options: Omit<IngestModuleOptions, 'storage' | 'clock'>, module?: DynamicModule) =>
    startIngestApp({
      store: new InMemoryIngestStore(),
      options: { sources, ...options },
      ...(module ? { module: () => module } : {}),
    });
  const call = (caller: string | undefined, method: string, path: string, body?: unknown) =>
    fetch(`${t!.baseUrl}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(caller ? { 'x-caller': caller } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as TestResponse['body'],
    }));

  it('fails start-up without authorize, with one sentence naming both fixes (forRoot and forRootAsync)', async () => {
    for (const module of [
      IngestModule.forRoot({ sources }),
      IngestModule.forRootAsync({ useFactory: () => ({ sources }) }),
    ]) {
      await expect(Test.createTestingModule({ imports: [module] }).compile()).rejects.toThrow(
        "IngestModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none",
      );
    }
  });

  it('with controllers: false mounts no management route, needs no authorize, and still receives', async () => {
    const store = new InMemoryIngestStore();
    t = await startIngestApp({
      store,
      module: (clock) =>
        IngestModule.forRootAsync({
          controllers: false,
          useFactory: () => ({ sources, storage: store, clock, worker: { enabled: false } }),
        }),
    });
    expect((await call('admin', 'GET', '/inbound-events')).status).toBe(404);
    expect((await call('admin', 'GET', '/inbound-sources')).status).toBe(404);
    expect((await call('admin', 'POST', '/inbound-sources', source)).status).toBe(404);
    // The receiving route authenticates by the sender's signature, not by authorize.
    const { body, headers } = stripeRequest({ id: 'evt_no_controllers', at: t.clock.now() });
    const received = await t.post('/webhooks/stripe', body, headers);
    expect(received).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
  });

  it('answers 401 without a principal, 403 to a read-only one writing, and scopes sources to the workspace', async () => {
    t = await start({ authorize: callerOf });
    expect((await call(undefined, 'GET', '/inbound-events')).status).toBe(401);
    expect((await call('stranger', 'POST', '/inbound-sources', source)).status).toBe(401);
    expect((await call('reader', 'GET', '/inbound-events')).status).toBe(200);
    const refused = await call('reader', 'POST', '/inbound-sources', source);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringContaining('webhooks:write'),
    });

    const created = await call('acme', 'POST', '/inbound-sources', source);
    expect(created).toMatchObject({ status: 201, body: { data: { workspace: 'acme' } } });
    const id = created.body.data.id as string;
    expect((await call('acme', 'GET', `/inbound-sources/${id}`)).status).toBe(200);
    expect((await call('globex', 'GET', `/inbound-sources/${id}`)).status).toBe(404);
    expect((await call('globex', 'DELETE', `/inbound-sources/${id}`)).status).toBe(404);
    expect((await call('globex', 'GET', '/inbound-sources')).body.data).toEqual([]);
    expect(
      (await call('admin', 'GET', '/inbound-sources')).body.data.map((s: { id: string }) => s.id),
    ).toEqual([id]);
  });

  it('refuses allowEveryoneInDevelopment when NODE_ENV=production', async () => {
    process.env.NODE_ENV = 'production';
    await expect(
      Test.createTestingModule({
        imports: [
          IngestModule.forRoot({
            authorize: allowEveryoneInDevelopment,
            sources,
            allowInMemoryStorage: true,
          }),
        ],
      }).compile(),
    ).rejects.toThrow(
      'IngestModule: authorize: allowEveryoneInDevelopment lets every caller manage every workspace and is refused when NODE_ENV=production',
    );
  });

  it('puts IngestManagementGuard on every controller it mounts but the signature-authenticated receiving one', () => {
    const controllers = (IngestModule.forRoot({ authorize: allowEveryoneInDevelopment }).controllers ??
      []) as Type[];
    expect(controllers).toContain(IngestController);
    const management = controllers.filter((controller) => controller !== IngestController);
    expect(management.length).toBeGreaterThanOrEqual(2);
    const guardsOf = (controller: Type) =>
      (Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? [];
    expect(management.filter((controller) => !guardsOf(controller).includes(IngestManagementGuard))).toEqual(
      [],
    );
    expect(guardsOf(IngestController)).not.toContain(IngestManagementGuard);
  });
});
