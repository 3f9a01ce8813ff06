import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, locatePostgresInstall, startEmbeddedPostgres, watchProcess } from '@org/dev-db';
import { portsInUse, readShellBlocks, TourSession, userEnvironment } from '@org/docs-check';
import pg from 'pg';
import { createReceiver, type Receiver } from '@org/receiver';
import { buildSignedRequest } from '@org/send';
import { verifySignatureHeader } from '@org/webhooks';
import { installedVersions } from './dependency-tree.js';
import { startExample, type ExampleProcess } from './example-process.js';
import { installExample, tsc, typecheckVariant, type CompilerVariant } from './installed-example.js';
import { run, WORKSPACE_ROOT } from './command.js';
import { GUIDE, INSTALL_MARKER, markedSnippets, readPage } from './doc-snippets.js';
import { MINIMAL_APP_DIR, optionalPeersOf, signedPartnerEvent } from './minimal-app.js';
import { packLibraries, tarballFiles, type LibraryPackage } from './packed-libraries.js';
import { pinnedNode } from './pinned-node.js';

/** The module settings the README says the packages support, besides the example's own nodenext ESM. */
const VARIANTS: CompilerVariant[] = [
  { label: 'nodenext, CommonJS', module: 'nodenext', moduleResolution: 'nodenext', packageType: 'commonjs' },
  {
    label: 'bundler, module preserve',
    module: 'preserve',
    moduleResolution: 'bundler',
    packageType: 'module',
  },
  // What TypeScript 6 makes of an old Nest tsconfig's `module: commonjs` without a moduleResolution.
  {
    label: 'bundler, module commonjs',
    module: 'commonjs',
    moduleResolution: 'bundler',
    packageType: 'commonjs',
  },
  {
    label: 'node10, module commonjs',
    module: 'commonjs',
    moduleResolution: 'node10',
    packageType: 'commonjs',
    compilerOptions: { ignoreDeprecations: '6.0' },
  },
];

/** Runs the README's quick-start module from the installed example's build (copied in beside dist/). */
const QUICK_START_CHECK = join(import.meta.dirname, '..', 'fixtures', 'quick-start.check.mjs');
const API_KEY = 'consumer-check-key';
const API_READ_KEY = 'consumer-check-read-key';
/** What WebhooksModule says when it is given neither authorize nor controllers: false. */
const MISSING_AUTHORIZE =
  "WebhooksModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none";
const STRIPE_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const SUBSCRIPTION_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
/** The library's default, which the example does not change. */
const DEFAULT_SIGNATURE_HEADER = 'X-Webhook-Signature';
/** The oldest Node.js the packages support (engines), and the one a user came with that they refuse. */
const NODE_FLOOR = '22.19.0';
const NODE_BELOW_FLOOR = '20.20.2';
/** Every entry point of the packages the example installs, each of which checks the Node.js floor first. */
const ENTRY_POINTS = [
  '@org/webhooks',
  '@org/webhooks/mikro-orm',
  '@org/webhooks/testing',
  '@org/ingest',
  '@org/ingest/mikro-orm',
  '@org/ingest/signing',
  '@org/ingest/testing',
];

/** The ports the guide's app and receiver listen on, as its commands say. */
const GUIDE_PORTS = [3000, 3001, 4000];

/** Where the example's data lives in one case of the matrix, and which Node.js runs it. */
interface StartedCase {
  /** `null`: in memory; `'test'`: the test run's server (PG_MAJOR, 18 by default); a number: that major, started here. */
  postgres: null | 'test' | number;
  /** A Node.js version run from the npm registry's `node` package; none: the workspace's own (24). */
  node?: string;
}

/** A database for one case, and how to let go of it. */
async function caseDatabase(
  postgres: StartedCase['postgres'],
  dataDir: string,
): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (postgres === null) return undefined;
  if (postgres === 'test') return createTestDatabase();
  const server = await startEmbeddedPostgres({
    dataDir,
    persistent: false,
    installDir: locatePostgresInstall(postgres),
  });
  return { url: server.url, drop: () => server.stop() };
}

describe('the packed libraries installed into a fresh Nest app (examples/nest-app)', () => {
  let workDir: string;
  let exampleDir: string;
  let libraries: LibraryPackage[];
  let buildDiagnostics: string;

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'consumer-check-'));
    libraries = await packLibraries(workDir);
    exampleDir = join(workDir, 'nest-app');
    await installExample(exampleDir, libraries);
    buildDiagnostics = await tsc(exampleDir, ['-p', 'tsconfig.json']);
  }, 300_000);
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('ships built packages: dist, README, LICENSE and a package.json without workspace parts', async () => {
    for (const { name, tarball } of libraries) {
      const files = await tarballFiles(tarball);
      expect(files).toEqual(
        expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js']),
      );
      const outsideDist = files.filter((file) => !file.startsWith('dist/') && !file.endsWith('.md'));
      expect(outsideDist.sort()).toEqual(['LICENSE', 'package.json']);
      // Our own tests and their support stay home; the public testing entries ship (dist/testing).
      expect(files.filter((file) => /\.spec\.|(^|\/)test\//.test(file))).toEqual([]);
      if (name === '@org/webhooks' || name === '@org/ingest')
        expect(files).toEqual(expect.arrayContaining(['dist/testing/index.js', 'dist/testing/index.d.ts']));

      const installed = join(exampleDir, 'node_modules', name);
      const manifest = readFileSync(join(installed, 'package.json'), 'utf8');
      expect(manifest).not.toContain('@org/source');
      expect(JSON.parse(manifest)).toMatchObject({
        engines: { node: '>=22.19.0' },
        license: 'MIT',
        types: './dist/index.d.ts', // for node10 resolution, which ignores exports
      });
      expect(JSON.parse(manifest)).not.toHaveProperty('devDependencies');
      // src/ is not shipped, so a source map is only useful with its sources inside.
      const map = JSON.parse(readFileSync(join(installed, 'dist', 'index.js.map'), 'utf8')) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(map.sourcesContent).toHaveLength(map.sources.length);
    }
  });

  it('compiles with strict TypeScript (nodenext, ESM); the packages’ own declarations check clean', async () => {
    expect(buildDiagnostics).toBe('');
    // skipLibCheck: false also reports other packages' declarations (express, pg types the app
    // does not install); only ours must be clean.
    const libraryCheck = await tsc(exampleDir, [
      '-p',
      'tsconfig.json',
      '--noEmit',
      '--skipLibCheck',
      'false',
    ]);
    expect(libraryCheck.split('\n').filter((line) => line.includes('node_modules/@org/'))).toEqual([]);
  });

  it('passes its own tests (npm test: type-checked, then Jest) on the testing entry points of the tarballs', async () => {
    const output = await run('npm', ['test'], exampleDir);
    // Every test file of the example ran, none was skipped.
    const files = readdirSync(join(exampleDir, 'test')).filter((file) => file.endsWith('.spec.ts'));
    expect(output).toMatch(new RegExp(`Test Suites: ${files.length} passed, ${files.length} total`));
    expect(output).not.toMatch(/skipped|todo/);
  }, 180_000);

  it('runs the README’s quick start: a subscription made from code receives Checkout’s order.paid, signed', async () => {
    const receiver = await createReceiver({
      secrets: [SUBSCRIPTION_SECRET],
      signatureHeader: DEFAULT_SIGNATURE_HEADER,
    });
    copyFileSync(QUICK_START_CHECK, join(exampleDir, 'quick-start.check.mjs'));
    const child = spawn(process.execPath, ['quick-start.check.mjs'], {
      cwd: exampleDir,
      env: userEnvironment({ NO_COLOR: '1', RECEIVER_URL: receiver.url, SECRET: SUBSCRIPTION_SECRET }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const quickStart = watchProcess(child);
    try {
      await quickStart.waitForOutput('published order.paid', 60_000);
      const [delivery] = await receiver.waitFor(1, 20_000);
      expect(JSON.parse(delivery!.body)).toMatchObject({
        event: 'order.paid',
        data: { id: 'ord_1', total_cents: 4200 },
      });
      expect(delivery!.verification.signature).toEqual({ status: 'valid' });
      expect(delivery!.verification.standardWebhooks).toEqual({ status: 'valid' });
    } finally {
      child.kill('SIGTERM');
      await quickStart.exited;
      await receiver.close();
    }
    expect(quickStart.output()).not.toMatch(/\bERROR\b/);
  }, 120_000);

  it('shares one copy of prom-client and @opentelemetry/api with the app (peers of the libraries, deduped)', async () => {
    const versions = await installedVersions(exampleDir, ['prom-client', '@opentelemetry/api']);
    expect(versions).toEqual({
      'prom-client': [expect.stringMatching(/^15\./)],
      '@opentelemetry/api': [expect.stringMatching(/^1\./)],
    });
  });

  it('documents its own API only in Swagger: no other system’s alias routes, tags or fields', async () => {
    // The built app module, documented the way a host mounts Swagger (`SwaggerModule.createDocument`).
    const script = [
      "import 'reflect-metadata';",
      `process.env.STRIPE_WEBHOOK_SECRET = ${JSON.stringify(STRIPE_SECRET)};`,
      "const { NestFactory } = await import('@nestjs/core');",
      "const { DocumentBuilder, SwaggerModule } = await import('@nestjs/swagger');",
      "const { AppModule } = await import('./dist/app.module.js');",
      'const app = await NestFactory.create(AppModule, { logger: false, rawBody: true });',
      "app.setGlobalPrefix('api');",
      'const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());',
      'const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));',
      'const tags = [...new Set(operations.flatMap((operation) => operation.tags ?? []))];',
      'const fields = Object.keys(doc.components.schemas.CreateSubscriptionDto.properties);',
      'console.log(JSON.stringify({ paths: Object.keys(doc.paths), tags, fields }));',
      'await app.close();',
    ].join('\n');
    const { paths, tags, fields } = JSON.parse(
      await run(process.execPath, ['--input-type=module', '-e', script], exampleDir),
    ) as { paths: string[]; tags: string[]; fields: string[] };
    expect(paths).toEqual(
      expect.arrayContaining(['/api/webhooks', '/api/events', '/api/webhooks/{id}/ping']),
    );
    expect(paths).toContain('/api/webhooks/{id}/events/{event_id}/redeliver');
    const aliases = /^\/api\/webhooks\/(endpoints|\{id\}\/test$|events\/\{id\}\/redeliver$)/;
    expect(paths.filter((path) => aliases.test(path))).toEqual([]);
    expect(tags.filter((tag) => /alias/i.test(tag))).toEqual([]);
    expect(fields).toContain('event_types');
    expect(fields).not.toContain('events');
    expect(fields).not.toContain('active');
  }, 60_000);

  it.each(VARIANTS.map((variant) => [variant.label, variant] as const))(
    'type-checks under %s',
    async (_, variant) => {
      expect(await typecheckVariant(exampleDir, variant)).toBe('');
    },
  );

  describe.each<[string, StartedCase]>([
    ['in memory', { postgres: null }],
    ['on PostgreSQL (the test server)', { postgres: 'test' }],
    [`on PostgreSQL 15 under Node.js ${NODE_FLOOR} (the floors)`, { postgres: 15, node: NODE_FLOOR }],
  ])('started %s', (_, started) => {
    let app: ExampleProcess;
    let receiver: Receiver;
    let database: { url: string; drop: () => Promise<void> } | undefined;
    const call = (path: string, body?: unknown, key = API_KEY) =>
      fetch(`${app.api}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    beforeAll(async () => {
      database = await caseDatabase(started.postgres, join(workDir, `pg-${String(started.postgres)}`));
      receiver = await createReceiver({
        secrets: [SUBSCRIPTION_SECRET],
        signatureHeader: DEFAULT_SIGNATURE_HEADER,
      });
      app = await startExample(
        exampleDir,
        {
          PORT: '0',
          API_KEY,
          API_READ_KEY,
          STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
          WEBHOOKS_ALLOW_PRIVATE_URLS: 'true',
          ...(database
            ? { DATABASE_URL: database.url, WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64') }
            : {}),
        },
        { node: started.node === undefined ? process.execPath : await pinnedNode(started.node) },
      );
      const subscribed = await call('/webhooks', {
        name: 'consumer check',
        url: receiver.url,
        secret: SUBSCRIPTION_SECRET,
        event_types: ['payment.succeeded'],
      });
      expect(subscribed.status).toBe(201);
    }, 180_000);
    afterAll(async () => {
      await app?.stop(); // already stopped unless a test failed first
      await receiver?.close();
      await database?.drop();
    });

    it('protects the REST API with the app’s authorize: 401 without a key, 403 for a read-only key writing', async () => {
      const anonymous = await fetch(`${app.api}/webhooks`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({
        error: {
          code: 'unauthorized',
          message:
            "The request is not authenticated: the module's authorize option returned null for this caller.",
        },
      });
      expect((await fetch(`${app.api}/inbound-events`)).status).toBe(401);
      expect((await call('/webhooks', undefined, API_READ_KEY)).status).toBe(200);
      const readOnlyWrite = await call('/webhooks', { name: 'x', url: receiver.url }, API_READ_KEY);
      expect(readOnlyWrite.status).toBe(403);
      expect(
        ((await readOnlyWrite.json()) as { error: { code: string; message: string } }).error,
      ).toMatchObject({
        code: 'forbidden',
        message: 'The caller lacks the webhooks:write scope that POST requests need.',
      });
      const invalid = await call('/webhooks', { name: 'bad', url: 'not a url', extra: 1 });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
    });

    it('delivers a published event signed with the default header and the Standard Webhooks headers', async () => {
      const published = await call('/events', {
        type: 'payment.succeeded',
        data: { id: 'pay_1', amount: 4200 },
      });
      expect(published.status).toBe(201);
      const [delivery] = await receiver.waitFor(1, 20_000);
      expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'payment.succeeded', data: { id: 'pay_1' } });
      // The receiver verifies both schemes on its own; the library's helper agrees.
      expect(delivery!.verification).toEqual({
        signature: { status: 'valid' },
        standardWebhooks: { status: 'valid' },
      });
      const header = delivery!.headers[DEFAULT_SIGNATURE_HEADER.toLowerCase()] as string;
      expect(verifySignatureHeader(delivery!.body, header, [SUBSCRIPTION_SECRET])).toMatchObject({
        valid: true,
      });
    });

    it('accepts a Stripe webhook signed by stripe, refuses a forged one, and its @OnWebhook handler publishes', async () => {
      const signed = await buildSignedRequest({
        source: 'stripe',
        type: 'payment_intent.succeeded',
        secret: STRIPE_SECRET,
        url: `${app.api}/webhooks/stripe`,
      });
      const forged = await fetch(signed.url, {
        method: 'POST',
        headers: {
          ...signed.headers,
          'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
        },
        body: signed.body,
      });
      expect(forged.status).toBe(401);

      const received = await fetch(signed.url, {
        method: 'POST',
        headers: signed.headers,
        body: signed.body,
      });
      expect(received.status).toBe(200);
      expect(await received.json()).toMatchObject({ received: true, duplicate: false });

      const intentId = (JSON.parse(signed.body) as { data: { object: { id: string } } }).data.object.id;
      const deliveries = await receiver.waitFor(2, 20_000);
      const bridged = deliveries
        .map((request) => JSON.parse(request.body))
        .find((body) => body.data.payment_intent);
      expect(bridged).toMatchObject({ event: 'payment.succeeded', data: { payment_intent: intentId } });
      expect(deliveries[1]!.verification.signature).toEqual({ status: 'valid' });
    });

    it('stops cleanly on SIGTERM, leaving nothing in its working directory', async () => {
      expect([0, 'SIGTERM']).toContain(await app.stop());
      expect(app.output()).not.toMatch(/\bERROR\b/);
      expect(readdirSync(exampleDir).filter((file) => file.startsWith('.snapshot'))).toEqual([]);
    });
  });

  describe('installed without any optional peer, on the root entry points only (in memory, an HMAC source)', () => {
    const PARTNER_SECRET = randomBytes(24).toString('base64');
    let appDir: string;

    beforeAll(async () => {
      appDir = join(workDir, 'minimal-app');
      await installExample(appDir, libraries, MINIMAL_APP_DIR);
      const diagnostics = await tsc(appDir, ['-p', 'tsconfig.json']);
      if (diagnostics) throw new Error(`the minimal app does not compile:\n${diagnostics}`);
    }, 300_000);

    it('has none of the optional peers the libraries declare installed, and one @opentelemetry/api', async () => {
      const optional = optionalPeersOf(appDir, libraries);
      expect(optional).toEqual(
        expect.arrayContaining(['@nestjs/schedule', 'prom-client', 'pg', 'stripe', '@mikro-orm/core']),
      );
      expect(optional.filter((name) => existsSync(join(appDir, 'node_modules', name)))).toEqual([]);
      expect(await installedVersions(appDir, ['@opentelemetry/api'])).toEqual({
        '@opentelemetry/api': [expect.stringMatching(/^1\./)],
      });
    });

    // The fixture lists both platforms; HTTP_ADAPTER picks the one it starts on.
    describe.each(['express', 'fastify'])('started on %s', (platform) => {
      let app: ExampleProcess;
      let receiver: Receiver;

      beforeAll(async () => {
        receiver = await createReceiver({
          secrets: [SUBSCRIPTION_SECRET],
          signatureHeader: DEFAULT_SIGNATURE_HEADER,
        });
        app = await startExample(appDir, { PORT: '0', PARTNER_SECRET, HTTP_ADAPTER: platform });
      }, 60_000);
      afterAll(async () => {
        await app?.stop();
        await receiver?.close();
      });

      it('starts, says that metrics are off, verifies an HMAC webhook and delivers what its handler publishes', async () => {
        expect(app.output()).toContain(`(in-memory storage, ${platform})`);
        expect(app.output()).toContain('WebhooksModule: metrics off (prom-client is not installed');
        const subscribed = await fetch(`${app.api}/webhooks`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'minimal app',
            url: receiver.url,
            secret: SUBSCRIPTION_SECRET,
            event_types: ['order.paid'],
          }),
        });
        expect(subscribed.status).toBe(201);

        const event = signedPartnerEvent(PARTNER_SECRET, 'ord_1');
        const forged = await fetch(`${app.api}/webhooks/partner`, {
          method: 'POST',
          headers: { ...event.headers, 'x-signature': `sha256=${'0'.repeat(64)}` },
          body: event.body,
        });
        expect(forged.status).toBe(401);
        const received = await fetch(`${app.api}/webhooks/partner`, {
          method: 'POST',
          headers: event.headers,
          body: event.body,
        });
        expect(received.status).toBe(200);

        const [delivery] = await receiver.waitFor(1, 20_000);
        expect(JSON.parse(delivery!.body)).toMatchObject({ event: 'order.paid', data: { order: 'ord_1' } });
        expect(delivery!.verification.signature).toEqual({ status: 'valid' });
      });

      it('stops cleanly on SIGTERM', async () => {
        expect([0, 'SIGTERM']).toContain(await app.stop());
        expect(app.output()).not.toMatch(/\bERROR\b/);
      });
    });
  });

  describe('refuses what it cannot run on, with one sentence', () => {
    it('refuses to start WebhooksModule registered without authorize, naming both fixes', async () => {
      const script = [
        "import 'reflect-metadata';",
        "import { NestFactory } from '@nestjs/core';",
        "import { WebhooksModule } from '@org/webhooks';",
        'await NestFactory.create(WebhooksModule.forRoot({}), { logger: false, abortOnError: false });',
      ].join('\n');
      const refusal = await run(process.execPath, ['--input-type=module', '-e', script], exampleDir).then(
        () => 'started',
        (error: Error) => error.message,
      );
      expect(refusal).toContain(MISSING_AUTHORIZE);
    }, 60_000);

    it(`refuses Node.js ${NODE_BELOW_FLOOR} at import of every entry point, naming both versions`, async () => {
      const node = await pinnedNode(NODE_BELOW_FLOOR);
      for (const entry of ENTRY_POINTS) {
        const refusal = await run(
          node,
          ['--input-type=module', '-e', `await import('${entry}')`],
          exampleDir,
        ).then(
          () => 'imported',
          (error: Error) => error.message,
        );
        const library = entry.split('/').slice(0, 2).join('/');
        expect(refusal).toContain(
          `UnsupportedNodeError: ${library} needs Node.js ${NODE_FLOOR} or newer (22 LTS from 22.19, or 24), but runs on Node.js ${NODE_BELOW_FLOOR}: upgrade Node.js.`,
        );
        expect(refusal).not.toContain('undici');
      }
    }, 120_000);

    it('refuses PostgreSQL 14 at start-up naming the version found and needed, before migrating anything', async () => {
      const server = await startEmbeddedPostgres({
        dataDir: join(workDir, 'pg-14'),
        persistent: false,
        installDir: locatePostgresInstall(14),
      });
      try {
        const refusal = await startExample(exampleDir, {
          PORT: '0',
          API_KEY,
          STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
          DATABASE_URL: server.url,
          WEBHOOKS_SECRET_KEY: randomBytes(32).toString('base64'),
        }).then(
          async (app) => {
            await app.stop();
            return 'started';
          },
          (error: Error) => error.message,
        );
        expect(refusal).toMatch(
          /UnsupportedPostgresError: @org\/(webhooks|ingest) needs PostgreSQL 15 or newer, but the database runs PostgreSQL 14\.\d+ \(server_version_num 14\d{4}\): upgrade the server or point the connection at one of PostgreSQL 15 to 18\./,
        );
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        try {
          const { rows } = await client.query(`select tablename from pg_tables where schemaname = 'public'`);
          expect(rows).toEqual([]);
        } finally {
          await client.end();
        }
      } finally {
        await server.stop();
      }
    }, 120_000);
  });

  describe(`${GUIDE}: its commands, run as written in the installed copy, on PostgreSQL`, () => {
    let session: TourSession | undefined;
    let database: { url: string; drop: () => Promise<void> } | undefined;
    let ranThrough = false;

    beforeAll(async () => {
      const busy = await portsInUse(GUIDE_PORTS);
      if (busy.length > 0) {
        throw new Error(
          `port ${busy.join(' and ')} in use: ${GUIDE} starts the app on 3000 (and on Fastify on 3001) and a receiver on 4000, as a reader would; stop what listens there (an npm start, the README tour's test?) and run again`,
        );
      }
      database = await createTestDatabase();
      // DATABASE_URL is what the guide has the reader bring; the line the guide writes into .env gives way to it.
      session = new TourSession({
        cwd: exampleDir,
        env: userEnvironment({ NO_COLOR: '1', DATABASE_URL: database.url }),
      });
    });
    afterAll(async () => {
      await session?.stop();
      await database?.drop();
    }, 120_000);

    /** The session, once every block ran (the first test says why not). */
    const guide = () => {
      if (!session || !ranThrough) throw new Error(`${GUIDE}'s commands did not run through`);
      return session;
    };
    /** What the guide's foreground blocks printed, in order, but its closing `npm test` (the example's tests). */
    const foregroundOutputs = () =>
      guide()
        .outputs.filter(({ block }) => block.run.mode === 'foreground' && block.code.trim() !== 'npm test')
        .map(({ output }) => output());
    const backgroundOutput = (readyWhen: string) => {
      const found = guide().outputs.find(
        ({ block }) => block.run.mode === 'background' && block.run.readyWhen === readyWhen,
      );
      if (!found) throw new Error(`${GUIDE} has no block started in the background until "${readyWhen}"`);
      return found.output();
    };

    it('runs every block in order but the install commands (checked against the example instead), each succeeding', async () => {
      const install = markedSnippets(readPage(GUIDE)).find(({ path }) => path === INSTALL_MARKER)!;
      const blocks = await readShellBlocks(WORKSPACE_ROOT, GUIDE);
      const toRun = blocks.filter(({ code }) => code.trim() !== install.code.trim());
      expect(blocks.length - toRun.length).toBe(1);
      await session!.run(toRun);
      ranThrough = true;
    }, 300_000);

    it('subscribes the receiver through the app’s own route, and delivers the paid order’s order.paid to it', async () => {
      expect(await guide().variable('SUBSCRIPTION_ID')).toMatch(/^whk_/);
      const order = await guide().variable('ORDER');
      expect(order).toMatch(/^ord_/);
      await guide().waitForPrinted(order);
      const delivery = backgroundOutput('Receiving on')
        .split('\n')
        .find((line) => line.includes(order))!;
      expect(delivery.startsWith('POST /orders {')).toBe(true);
      expect(JSON.parse(delivery.slice('POST /orders '.length))).toMatchObject({
        event: 'order.paid',
        data: { id: order, total_cents: 4200, currency: 'eur' },
      });
    }, 90_000);

    it('lists the event the payment published, and leaves the subscription active', async () => {
      const order = await guide().variable('ORDER');
      const printed = foregroundOutputs();
      expect(printed.join('')).toContain(
        `{"type":"order.paid","data":{"id":"${order}","total_cents":4200,"currency":"eur"}}`,
      );
      expect(printed.at(-2)).toBe('active\n');
    });

    it('serves the same database on Fastify (main.fastify.ts) beside the Express app', async () => {
      const fastify = backgroundOutput('Fastify, PostgreSQL storage');
      expect(fastify).toContain('Listening on http://127.0.0.1:3001/api (Fastify, PostgreSQL storage)');
      const printed = foregroundOutputs();
      expect(printed.at(-1)).toBe('order.paid\n');
    });

    it('ran the app on the database it was given, with the libraries’ migrations and its own', async () => {
      const app = backgroundOutput('Listening on');
      expect(app).toContain('(PostgreSQL storage)');
      expect(app).toContain("Applied 'Migration20261207000000_orders'");
      const client = new pg.Client({ connectionString: database!.url });
      await client.connect();
      try {
        const { rows } = await client.query(`select status from shop_order`);
        expect(rows).toEqual([{ status: 'paid' }]);
      } finally {
        await client.end();
      }
    });

    it('stops as a reader would, leaving no process behind and no error in the app’s output', async () => {
      const app = guide();
      await app.stop();
      expect(app.liveProcesses()).toEqual([]);
      expect(backgroundOutput('Listening on')).not.toMatch(/\bERROR\b/);
      expect(backgroundOutput('Fastify, PostgreSQL storage')).not.toMatch(/\bERROR\b/);
    }, 120_000);
  });
});
