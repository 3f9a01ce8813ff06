import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { SIGNATURE_HEADER } from '../src/webhooks.wiring.js';
import { KEYS, startTestApp, TEST_HTTP_ADAPTER, type TestApp } from './app-harness.js';
import { markedSnippets, WORKSPACE_ROOT } from './support/verify-snippets.js';

const PAGE = 'docs/receiving-our-webhooks.md';
const SNIPPET = 'docs/examples/openapi-types/deliveries.ts';
/** The installed openapi-typescript (a devDependency of this app; npm may nest it under apps/api). */
const OPENAPI_TYPESCRIPT = join(dirname(createRequire(import.meta.url).resolve('openapi-typescript')), '..');
/** The workspace's own TypeScript, not the one openapi-typescript may bring along. */
const TSC = join(WORKSPACE_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** The page's address of the sender, replaced by the test app's. */
const PAGE_SENDER = 'http://localhost:3000';
const execFileAsync = promisify(execFile);

/** What this suite reads of a `webhooks` entry. */
interface WebhookOperation {
  summary?: string;
  description?: string;
  parameters: { name: string; in: string; required?: boolean; schema: Record<string, unknown> }[];
  requestBody: {
    required?: boolean;
    content: Record<string, { schema: WebhookBodySchema; example?: Record<string, unknown> }>;
  };
  responses: Record<string, { description: string }>;
}
interface WebhookBodySchema {
  required: string[];
  properties: Record<string, Record<string, unknown>>;
}

/** The page's openapi-typescript command: `npx openapi-typescript@<version> <url> -o <file>`. */
function pageCommand(page: string): { version: string; url: string; output: string } {
  const found = /```bash\nnpx openapi-typescript@(\S+) (\S+) -o (\S+)\n```/.exec(page);
  if (!found) throw new Error(`${PAGE} shows no "npx openapi-typescript@<version> <url> -o <file>" block`);
  const [, version, url, output] = found as unknown as [string, string, string, string];
  return { version, url, output };
}

/**
 * A receiving team's side (docs/receiving-our-webhooks.md, "Types from our OpenAPI document"): the
 * page's command run over the started app's /docs-json with the installed openapi-typescript (no
 * network: npx would fetch it), the page's example compiled against the result with tsc. Here, not in
 * tools/docs-check: that one runs the tour against `npm start` on fixed ports and Express only, this
 * needs the app on both platforms (test-fastify) beside the other receiving-guide checks.
 */
describe('/docs-json webhooks section: OpenAPI 3.1, and types a receiving team generates from it', () => {
  const page = readFileSync(join(WORKSPACE_ROOT, PAGE), 'utf8');
  let t: TestApp;
  let source: string;
  let doc: { openapi: string; webhooks: Record<string, { post: WebhookOperation }> };
  let catalogue: { name: string; description: string; example?: unknown; schema?: unknown }[];
  let scratch: string;

  beforeAll(async () => {
    t = await startTestApp();
    const response = await fetch(`${t.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    source = await response.text();
    doc = JSON.parse(source) as typeof doc;
    const types = await fetch(`${t.baseUrl}/api/webhooks/event-types`, {
      headers: { 'X-Api-Key': KEYS.admin },
    });
    catalogue = ((await types.json()) as { data: typeof catalogue }).data;
    scratch = mkdtempSync(join(tmpdir(), 'openapi-types-'));
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await t.close();
  });

  it('is OpenAPI 3.1 with one webhooks entry per catalogue type, webhook.disabled included', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(catalogue.map(({ name }) => name)).toContain('webhook.disabled');
    expect(Object.keys(doc.webhooks).sort()).toEqual(catalogue.map(({ name }) => name).sort());
  });

  it("gives each entry the delivered envelope as its body, the type's data schema and its example", () => {
    for (const type of catalogue) {
      const operation = doc.webhooks[type.name]!.post;
      const body = operation.requestBody.content['application/json']!;
      expect({
        type: type.name,
        required: operation.requestBody.required,
        fields: body.schema.required,
      }).toEqual({
        type: type.name,
        required: true,
        fields: ['id', 'event', 'created_at', 'data'],
      });
      expect(body.schema.properties).toMatchObject({
        id: { type: 'string', pattern: '^evt_[0-9A-HJKMNP-TV-Z]{26}$' },
        event: { type: 'string', const: type.name },
        created_at: { type: 'string', format: 'date-time' },
        data: type.schema ?? { type: 'object' },
      });
      expect(operation.description).toContain(type.description);
      if (type.example)
        expect(body.example).toEqual({
          id: expect.stringMatching(/^evt_/),
          event: type.name,
          created_at: expect.any(String),
          data: type.example,
        });
      expect(operation.responses['2XX']?.description).toMatch(/^Received/);
    }
  });

  it('is the same section on the other HTTP platform', async () => {
    const other = await startTestApp({
      HTTP_ADAPTER: TEST_HTTP_ADAPTER === 'fastify' ? 'express' : 'fastify',
    });
    try {
      const otherDoc = (await (await fetch(`${other.baseUrl}/docs-json`)).json()) as typeof doc;
      expect({ openapi: otherDoc.openapi, webhooks: otherDoc.webhooks }).toEqual({
        openapi: doc.openapi,
        webhooks: doc.webhooks,
      });
    } finally {
      await other.close();
    }
  });

  it('lists the headers a delivery carries: the host app’s signature header, Standard Webhooks, event id, type, attempt', () => {
    const parameters = doc.webhooks['payment.succeeded']!.post.parameters;
    expect(parameters.every((parameter) => parameter.in === 'header')).toBe(true);
    expect(parameters.filter((parameter) => parameter.required).map(({ name }) => name)).toEqual([
      SIGNATURE_HEADER,
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'X-Webhook-Event-Id',
      'X-Webhook-Event-Type',
      'X-Webhook-Attempt',
      'User-Agent',
    ]);
    expect(parameters.find(({ name }) => name === 'X-Webhook-Event-Type')?.schema).toEqual({
      type: 'string',
      const: 'payment.succeeded',
    });
  });

  it('validates as OpenAPI 3.1 (Redocly, minimal ruleset: structure and references)', async () => {
    const config = await createConfig({ extends: ['minimal'] });
    const problems = await lintFromString({ source, absoluteRef: 'docs-json.json', config });
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`);
    expect(errors).toEqual([]);
  });

  it("shows the example code verbatim, and the page's command pins the installed openapi-typescript", () => {
    expect(markedSnippets(page).get(SNIPPET)).toBe(readFileSync(join(WORKSPACE_ROOT, SNIPPET), 'utf8'));
    const installed = JSON.parse(readFileSync(join(OPENAPI_TYPESCRIPT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(pageCommand(page)).toEqual({
      version: installed.version,
      url: `${PAGE_SENDER}/docs-json`,
      output: 'webhooks.d.ts',
    });
  });

  it("generates types with the page's command that compile with the page's code, and a wrong field type does not", async () => {
    const { url, output } = pageCommand(page);
    await execFileAsync(
      process.execPath,
      [join(OPENAPI_TYPESCRIPT, 'bin', 'cli.js'), url.replace(PAGE_SENDER, t.baseUrl), '-o', output],
      {
        cwd: scratch,
      },
    );
    copyFileSync(join(WORKSPACE_ROOT, SNIPPET), join(scratch, 'deliveries.ts'));
    // Proves the generated types constrain the envelope: tsc fails on an unused @ts-expect-error.
    writeFileSync(
      join(scratch, 'wrong-field.ts'),
      [
        "import type { Delivery } from './deliveries.js';",
        "const delivery: Delivery<'payment.succeeded'> = { id: 'evt_01JD3K7Q8XGZ4M5N6P7R8S9T0V', event: 'payment.succeeded', created_at: '2026-03-16T12:00:00.000Z', data: { id: 'pi_1', amount: 2000, currency: 'usd', customer: null, description: null, metadata: {}, source: { provider: 'stripe', event_id: 'evt_1', livemode: false } } };",
        "// @ts-expect-error amount is an integer (or null) in payment.succeeded's schema, not a string",
        "export const wrongData: Delivery<'payment.succeeded'> = { ...delivery, data: { ...delivery.data, amount: '2000' } };",
        '// @ts-expect-error created_at is a string (date-time), not a number',
        "export const wrongType: Delivery<'payment.succeeded'> = { ...delivery, created_at: 1773662400 };",
        "// @ts-expect-error a payment.succeeded delivery's event is 'payment.succeeded'",
        "export const wrongEvent: Delivery<'payment.succeeded'> = { ...delivery, event: 'payment.failed' };",
        '',
      ].join('\n'),
    );
    const tsc = await execFileAsync(
      process.execPath,
      [
        TSC,
        '--noEmit',
        '--strict',
        '--noUnusedLocals',
        '--target',
        'es2023',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        'deliveries.ts',
        'wrong-field.ts',
      ],
      { cwd: scratch },
    ).catch((error: { stdout: string }) => ({ stdout: `tsc failed:\n${error.stdout}` }));
    expect(tsc.stdout).toBe('');
    expect(readFileSync(join(scratch, output), 'utf8')).toContain('"payment.succeeded": {');
  }, 120_000);
});
