import { afterEach, describe, expect, it } from '@jest/globals';
import { Injectable, Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { GUARDS_METADATA } from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import {
  allowEveryoneInDevelopment,
  createValidationPipe,
  ErrorEnvelopeFilter,
  firstOf,
  type Authorizer,
  type AuthorizeFunction,
  type ManagementRequest,
  type Principal,
} from '@org/common';
import request from 'supertest';
import { ConsoleManagementGuard } from '../src/auth/console-management.guard.js';
import { ConsoleModule } from '../src/console.module.js';
import { PortalAuthorizer } from '../src/portal/portal.authorizer.js';
import { PortalSessionsController } from '../src/portal/portal-sessions.controller.js';
import { createPlatformApp, HTTP_ADAPTERS, type HttpAdapterName } from './support/http-platforms.js';

const KEY = Buffer.alloc(32, 7);
const options = { portalSigningKey: KEY, serveUi: false };

/** The host's own check: `x-caller` names an operator (every scope) or a read-only one. */
const OPERATORS: Record<string, Principal> = {
  admin: { workspace: null },
  reader: { workspace: null, scopes: ['webhooks:read'] },
};
const operators: AuthorizeFunction = (request) => OPERATORS[String(request.headers['x-caller'])] ?? null;

/** Portal sessions first, then the host's operators: the composition a host passes to every module. */
@Injectable()
class HostAuthorizer implements Authorizer {
  private readonly chain: AuthorizeFunction;

  constructor(portal: PortalAuthorizer) {
    this.chain = firstOf(portal, operators);
  }

  authorize(request: ManagementRequest): Promise<Principal | null> | Principal | null {
    return this.chain(request);
  }
}

async function start(console: DynamicModule, platform: HttpAdapterName): Promise<INestApplication> {
  @Module({ imports: [console], providers: [HostAuthorizer] })
  class HostModule {}
  const moduleRef = await Test.createTestingModule({ imports: [HostModule] }).compile();
  const app = createPlatformApp(moduleRef, platform);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorEnvelopeFilter());
  // Real HTTP on loopback, on either platform (Fastify answers only once listening or ready).
  await app.listen(0, '127.0.0.1');
  return app;
}

describe('ConsoleModule authorize', () => {
  const originalEnv = process.env.NODE_ENV;
  let app: INestApplication | undefined;
  afterEach(async () => {
    process.env.NODE_ENV = originalEnv;
    await app?.close();
    app = undefined;
  });

  it('fails start-up without authorize, with one sentence naming both fixes', async () => {
    await expect(
      Test.createTestingModule({ imports: [ConsoleModule.forRoot(options)] }).compile(),
    ).rejects.toThrow(
      "ConsoleModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none",
    );
  });

  describe.each(HTTP_ADAPTERS)('on %s', (platform) => {
    it('with controllers: false mounts no portal sessions API and needs no authorize; PortalAuthorizer stays', async () => {
      app = await start(
        ConsoleModule.forRootAsync({ controllers: false, useFactory: () => options }),
        platform,
      );
      const server = app.getHttpServer();
      expect(
        (await request(server).post('/api/portal/sessions').set('x-caller', 'admin').send({})).status,
      ).toBe(404);
      expect((await request(server).get('/api/portal/session')).status).toBe(404);
      expect(app.get(PortalAuthorizer)).toBeInstanceOf(PortalAuthorizer);
    });

    it('serves portal links to the host’s callers and portal sessions to PortalAuthorizer, composed with firstOf', async () => {
      app = await start(ConsoleModule.forRoot({ ...options, authorize: HostAuthorizer }), platform);
      const server = app.getHttpServer();
      expect((await request(server).post('/api/portal/sessions').send({ workspace: 'acme' })).status).toBe(
        401,
      );
      expect(
        (
          await request(server)
            .post('/api/portal/sessions')
            .set('x-caller', 'reader')
            .send({ workspace: 'acme' })
        ).status,
      ).toBe(403);
      const created = await request(server)
        .post('/api/portal/sessions')
        .set('x-caller', 'admin')
        .send({ workspace: 'acme' })
        .expect(201);
      const token = new URL(created.body.data.url as string).searchParams.get('token')!;

      const session = await request(server)
        .get('/api/portal/session')
        .set('authorization', `Portal ${token}`);
      expect(session.status).toBe(200);
      expect(session.body.data.workspace).toBe('acme');
      // A portal session may not hand out links: not one of the portal's routes.
      const handOut = await request(server)
        .post('/api/portal/sessions')
        .set('authorization', `Portal ${token}`)
        .send({ workspace: 'acme' });
      expect(handOut.status).toBe(403);
      expect(handOut.body.error.message).toBe('This operation is not available in the portal.');
      // A tampered token is PortalAuthorizer's 401, passed through as it threw it.
      const tampered = await request(server)
        .get('/api/portal/session')
        .set('authorization', `Portal ${token}x`);
      expect(tampered.status).toBe(401);
      expect(tampered.body.error.message).toBe(
        'The portal token is malformed or its signature is not valid.',
      );
      // Without a portal token the host's operators answer: an operator is no portal session (404).
      expect((await request(server).get('/api/portal/session').set('x-caller', 'admin')).status).toBe(404);
    });
  });

  it('refuses allowEveryoneInDevelopment when NODE_ENV=production, also inside firstOf', async () => {
    process.env.NODE_ENV = 'production';
    for (const authorize of [allowEveryoneInDevelopment, firstOf(operators, allowEveryoneInDevelopment)]) {
      await expect(
        Test.createTestingModule({ imports: [ConsoleModule.forRoot({ ...options, authorize })] }).compile(),
      ).rejects.toThrow(
        'ConsoleModule: authorize: allowEveryoneInDevelopment lets every caller manage every workspace',
      );
    }
  });

  it('puts ConsoleManagementGuard on every controller it mounts', () => {
    const controllers = (ConsoleModule.forRoot({ ...options, authorize: allowEveryoneInDevelopment })
      .controllers ?? []) as Type[];
    expect(controllers).toEqual([PortalSessionsController]);
    for (const controller of controllers) {
      expect(Reflect.getMetadata(GUARDS_METADATA, controller)).toContain(ConsoleManagementGuard);
    }
  });
});
