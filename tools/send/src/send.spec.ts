import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { ErrorEnvelopeFilter } from '@org/common';
import { IngestModule, InMemoryIngestStore } from '@org/ingest';
import { parseArguments, run, type SendCommand } from './cli.js';
import { developmentSecretFile } from './development-secrets.js';
import { buildSignedRequest, sendWebhook, type SignedRequestOptions } from './signed-request.js';

const SECRETS = {
  stripe: 'whsec_send_test_secret',
  github: 'send-test-github-secret',
  hubspot: 'send-test-hubspot-client-secret',
};

describe('send', () => {
  const store = new InMemoryIngestStore();
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    // The receiving side is the real library, so every request here is checked by its verifiers.
    const moduleRef = await Test.createTestingModule({
      imports: [
        IngestModule.forRoot({
          // The receiving route only (signature-authenticated): no management routes, no authorize.
          controllers: false,
          storage: store,
          sources: {
            stripe: { secrets: [SECRETS.stripe] },
            github: { secrets: [SECRETS.github] },
            hubspot: { clientSecrets: [SECRETS.hubspot] },
          },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, logger: false });
    app.setGlobalPrefix('api');
    app.useGlobalFilters(new ErrorEnvelopeFilter());
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const scenarios: [
    SignedRequestOptions['source'],
    string,
    Partial<SignedRequestOptions>,
    Record<string, unknown>,
  ][] = [
    [
      'stripe',
      'payment_intent.succeeded',
      {},
      { data: { object: { object: 'payment_intent', status: 'succeeded' } } },
    ],
    [
      'stripe',
      'payment_intent.payment_failed',
      {},
      { data: { object: { status: 'requires_payment_method' } } },
    ],
    ['stripe', 'charge.refunded', {}, { data: { object: { object: 'charge', refunded: true } } }],
    ['github', 'push', {}, { ref: 'refs/heads/main' }],
    ['github', 'pull_request', { action: 'closed' }, { action: 'closed', pull_request: { merged: true } }],
    ['hubspot', 'contact.creation', {}, { subscriptionType: 'contact.creation', changeFlag: 'NEW' }],
    ['hubspot', 'deal.propertyChange', {}, { propertyName: 'dealstage', propertyValue: 'closedwon' }],
    [
      'hubspot',
      'deal.propertyChange',
      { value: 'closedlost' },
      { propertyName: 'dealstage', propertyValue: 'closedlost' },
    ],
  ];

  it.each(scenarios)(
    '%s %s %j is accepted by the library and stored as sent',
    async (source, type, extra, expected) => {
      const request = await buildSignedRequest({
        source,
        type,
        secret: SECRETS[source],
        url: `${base}/api/webhooks/${source}`,
        ...extra,
      });
      const result = await sendWebhook(request);
      expect(result.status).toBe(200);
      const receipt = JSON.parse(result.body) as { id: string; duplicate: boolean };
      expect(receipt.duplicate).toBe(false);
      const stored = await store.findById(receipt.id);
      expect(stored).toMatchObject({ source, type, externalId: request.externalIds[0], payload: expected });
    },
  );

  it('signs a HubSpot batch of several events and a repeat is a duplicate', async () => {
    const request = await buildSignedRequest({
      source: 'hubspot',
      type: 'contact.creation',
      secret: SECRETS.hubspot,
      url: `${base}/api/webhooks/hubspot`,
      count: 3,
      id: '7000',
    });
    expect(request.externalIds).toEqual(['7000', '7001', '7002']);
    expect(JSON.parse((await sendWebhook(request)).body).ids).toHaveLength(3);
    expect(JSON.parse((await sendWebhook(request)).body).duplicate).toBe(true);
  });

  it('produces requests the library refuses when signed with another secret', async () => {
    for (const source of ['stripe', 'github', 'hubspot'] as const) {
      const request = await buildSignedRequest({
        source,
        type: source === 'github' ? 'push' : source === 'stripe' ? 'charge.succeeded' : 'deal.creation',
        secret: 'not-the-secret',
        url: `${base}/api/webhooks/${source}`,
      });
      expect((await sendWebhook(request)).status).toBe(401);
    }
  });

  it('parses the command line with defaults from the environment', () => {
    expect(
      parseArguments(['stripe', 'payment_intent.succeeded'], {
        STRIPE_WEBHOOK_SECRET: 'whsec_env',
        PORT: '4000',
      }),
    ).toMatchObject({
      source: 'stripe',
      type: 'payment_intent.succeeded',
      secret: 'whsec_env',
      url: 'http://127.0.0.1:4000/api/webhooks/stripe',
      repeat: 1,
    });
    expect(
      parseArguments(['hubspot', 'deal.propertyChange', '--stage', 'closedlost', '--secret', 's'], {}),
    ).toMatchObject({ value: 'closedlost', url: 'http://127.0.0.1:3000/api/webhooks/hubspot' });
    expect(parseArguments(['gitlab', 'push'], {})).toEqual({
      error: 'the source must be one of stripe, github, hubspot',
    });
    expect(parseArguments(['stripe', 'x', '--secret'], {})).toEqual({ error: '--secret needs a value' });
    expect(parseArguments(['stripe', 'x', '--colour', 'red'], {})).toEqual({
      error: 'unknown option --colour',
    });
  });

  describe("without --secret or the variable: the app's development secret", () => {
    let dataDir: string;
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'send-data-'));
      writeFileSync(join(dataDir, 'dev-stripe-webhook-secret'), `${SECRETS.stripe}\n`, { mode: 0o600 });
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('signs with the secret the app keeps in its data folder and says which file it read', async () => {
      const env = { WEBHOOKS_DATA_DIR: dataDir };
      expect(parseArguments(['stripe', 'payment_intent.succeeded'], env)).toMatchObject({
        secret: SECRETS.stripe,
        secretFile: join(dataDir, 'dev-stripe-webhook-secret'),
      });
      const lines: string[] = [];
      const code = await run(
        ['stripe', 'payment_intent.succeeded', '--url', `${base}/api/webhooks/stripe`],
        env,
        (line) => lines.push(line),
      );
      expect(lines[0]).toBe(`Signing with the secret in ${join(dataDir, 'dev-stripe-webhook-secret')}`);
      expect(lines[2]).toMatch(/^← 200 \{"received":true,/);
      expect(code).toBe(0);
    });

    it('prefers --secret and the variable to the file', () => {
      const env = { WEBHOOKS_DATA_DIR: dataDir, STRIPE_WEBHOOK_SECRET: 'whsec_env' };
      const fromVariable = parseArguments(['stripe', 'charge.refunded'], env) as SendCommand;
      expect([fromVariable.secret, fromVariable.secretFile]).toEqual(['whsec_env', undefined]);
      const fromFlag = parseArguments(
        ['stripe', 'charge.refunded', '--secret', 'whsec_flag'],
        env,
      ) as SendCommand;
      expect([fromFlag.secret, fromFlag.secretFile]).toEqual(['whsec_flag', undefined]);
    });

    it('names the flag, the variable and the file when there is none', () => {
      expect(parseArguments(['github', 'push'], { WEBHOOKS_DATA_DIR: dataDir })).toEqual({
        error: `no secret: pass --secret, set GITHUB_WEBHOOK_SECRET, or start the app in development, which writes ${join(dataDir, 'dev-github-webhook-secret')}`,
      });
    });

    it('finds the data folder as the app does: WEBHOOKS_DATA_DIR relative to apps/api, default apps/api/.data', () => {
      const app = join(import.meta.dirname, '..', '..', '..', 'apps', 'api');
      expect(developmentSecretFile('hubspot', {})).toBe(join(app, '.data', 'dev-hubspot-client-secret'));
      expect(developmentSecretFile('stripe', { WEBHOOKS_DATA_DIR: 'local-data' })).toBe(
        join(app, 'local-data', 'dev-stripe-webhook-secret'),
      );
      expect(developmentSecretFile('stripe', { WEBHOOKS_DATA_DIR: dataDir })).toBe(
        join(dataDir, 'dev-stripe-webhook-secret'),
      );
      expect(parseArguments(['github', 'push'], { WEBHOOKS_DATA_DIR: 'local-data' })).toEqual({
        error:
          'no secret: pass --secret, set GITHUB_WEBHOOK_SECRET, or start the app in development, which writes apps/api/local-data/dev-github-webhook-secret',
      });
    });
  });

  it('run() prints the request and the answer, exit code 0 on 2xx and 2 on usage errors', async () => {
    const lines: string[] = [];
    const code = await run(
      ['github', 'push', '--repeat', '2', '--url', `${base}/api/webhooks/github`],
      { GITHUB_WEBHOOK_SECRET: SECRETS.github },
      (l) => lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines[0]).toMatch(/^→ POST http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/github {2}github push/);
    expect(lines[1]).toMatch(/^← 200 \{"received":true,.*"duplicate":false\}$/);
    expect(lines[2]).toMatch(/"duplicate":true/);
    expect(await run(['stripe'], {}, () => undefined)).toBe(2);
  });

  it('the npm "send" script runs under Node\'s type stripping (no build step), reading the app\'s secret', async () => {
    const root = join(import.meta.dirname, '..');
    const script = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { send: string } }
    ).scripts.send;
    const [, ...args] = script.split(' ');
    const dataDir = mkdtempSync(join(tmpdir(), 'send-data-'));
    writeFileSync(join(dataDir, 'dev-stripe-webhook-secret'), `${SECRETS.stripe}\n`);
    const { STRIPE_WEBHOOK_SECRET: _unset, ...env } = process.env;
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [...args, 'stripe', 'invoice.paid', '--url', `${base}/api/webhooks/stripe`],
        { cwd: root, env: { ...env, NODE_OPTIONS: '', WEBHOOKS_DATA_DIR: dataDir } },
      );
      expect(stdout).toContain(`Signing with the secret in ${join(dataDir, 'dev-stripe-webhook-secret')}`);
      expect(stdout).toMatch(/← 200 \{"received":true/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
