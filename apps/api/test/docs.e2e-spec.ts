import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from './app-harness.js';
import { exampleOf, resolveSchema, type OpenApiDocument, type OpenApiOperation } from './support/openapi.js';

/** Every endpoint of DESIGN.md's outbound table, plus ingest and health. */
const OUTBOUND = [
  'POST /api/webhooks',
  'GET /api/webhooks',
  'GET /api/webhooks/{id}',
  'PATCH /api/webhooks/{id}',
  'DELETE /api/webhooks/{id}',
  'GET /api/webhooks/{id}/deliveries',
  'POST /api/webhooks/{id}/ping',
  'POST /api/webhooks/{id}/replay',
  'PATCH /api/webhooks/{id}/secret',
  'POST /api/webhooks/{id}/events/{event_id}/redeliver',
  'GET /api/webhooks/deliveries',
  'GET /api/webhooks/event-types',
  'POST /api/events',
  'GET /api/events',
  'GET /api/events/{id}',
];
const INBOUND_MANAGEMENT = [
  'GET /api/inbound-events',
  'GET /api/inbound-events/{id}',
  'POST /api/inbound-events/{id}/retry',
  'POST /api/inbound-events/{id}/replay',
  'POST /api/inbound-events/retry',
  'POST /api/inbound-sources',
  'GET /api/inbound-sources',
  'GET /api/inbound-sources/{id}',
  'PATCH /api/inbound-sources/{id}',
  'PATCH /api/inbound-sources/{id}/secret',
  'DELETE /api/inbound-sources/{id}',
];
/** The gateway, documented once per source (one template `{source}` would clash with `{id}`). */
const INGEST_ROUTES = [
  'POST /api/webhooks/stripe',
  'POST /api/webhooks/github',
  'POST /api/webhooks/hubspot',
  'POST /api/webhooks/src_{source_id}',
];
const HEALTH = 'GET /api/health';
/** Other systems' routes (seeds 001-004), each an alias of one canonical operation. */
const ALIASES = [
  'POST /api/webhooks/endpoints',
  'GET /api/webhooks/endpoints',
  'GET /api/webhooks/endpoints/{id}',
  'PATCH /api/webhooks/endpoints/{id}',
  'DELETE /api/webhooks/endpoints/{id}',
  'PATCH /api/webhooks/endpoints/{id}/secret',
  'POST /api/webhooks/events/{id}/redeliver',
  'POST /api/webhooks/{id}/test',
  'DELETE /api/webhooks',
];
/** Management operations: behind the API key, so they must say so. */
const MANAGEMENT = [...OUTBOUND, ...ALIASES, ...INBOUND_MANAGEMENT];
/** Operations that take a JSON body. */
const WITH_BODY = [
  'POST /api/webhooks',
  'PATCH /api/webhooks/{id}',
  'POST /api/webhooks/{id}/ping',
  'POST /api/webhooks/{id}/replay',
  'PATCH /api/webhooks/{id}/secret',
  'POST /api/events',
  'POST /api/inbound-sources',
  'PATCH /api/inbound-sources/{id}',
  'PATCH /api/inbound-sources/{id}/secret',
  'POST /api/inbound-events/retry',
];

const JSON_TYPE = 'application/json';

describe('Swagger: /docs and /docs-json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  const operation = (key: string): OpenApiOperation | undefined => {
    const [method, path] = key.split(' ');
    return doc.paths[path]?.[method.toLowerCase()];
  };
  /** Problems per operation, printed whole so one run shows everything missing. */
  const problems = (
    keys: string[],
    check: (op: OpenApiOperation, key: string) => string[],
  ): Record<string, string[]> =>
    Object.fromEntries(
      keys
        .map((key) => {
          const op = operation(key);
          return [key, op ? check(op, key) : ['operation missing']] as const;
        })
        .filter(([, found]) => found.length > 0),
    );
  const errorResponseProblems = (op: OpenApiOperation, status: string): string[] => {
    const response = op.responses[status];
    if (!response) return [`no ${status} response`];
    const schema = resolveSchema(doc, response.content?.[JSON_TYPE]?.schema);
    if (!schema) return [`${status} response has no JSON schema`];
    return schema.properties?.error ? [] : [`${status} schema is not the error envelope`];
  };

  beforeAll(async () => {
    t = await startTestApp();
    const response = await fetch(`${t.baseUrl}/docs-json`);
    expect(response.status).toBe(200);
    doc = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves Swagger UI as HTML at /docs, without an API key', async () => {
    const response = await fetch(`${t.baseUrl}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('swagger-ui');
    expect(html).toContain('<title>Webhooks API</title>');
  });

  it('is OpenAPI 3 with the api_key (X-Api-Key header) and bearer security schemes', () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes?.api_key).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Api-Key',
    });
    expect(doc.components.securitySchemes?.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents every endpoint of the outbound contract, ingest and health, with its method', () => {
    const missing = [...OUTBOUND, ...INBOUND_MANAGEMENT, ...INGEST_ROUTES, HEALTH].filter(
      (key) => !operation(key),
    );
    expect(missing).toEqual([]);
  });

  it('documents each alias once, as an alias of its canonical operation, under an Aliases tag, not deprecated', () => {
    const found = problems(ALIASES, (op) => [
      ...(/^Alias of (GET|POST|PATCH|DELETE) \/webhooks/.test(op.summary ?? '')
        ? []
        : [`summary ${op.summary}`]),
      ...(op.deprecated === false ? [] : ['deprecated is not false']),
      ...((op.tags ?? []).length === 1 && op.tags![0].startsWith('Aliases (') ? [] : [`tags ${op.tags}`]),
    ]);
    expect(found).toEqual({});
    const aliasOperations = Object.values(doc.paths)
      .flatMap((item) => Object.values(item))
      .filter((op) => (op as OpenApiOperation).summary?.startsWith('Alias of'));
    expect(aliasOperations).toHaveLength(ALIASES.length);
  });

  it('describes the API key syntax, scopes and workspace selection on the security schemes', () => {
    for (const scheme of ['api_key', 'bearer']) {
      const description = (doc.components.securitySchemes?.[scheme] as { description?: string }).description;
      expect(description).toContain('KEY:WORKSPACE:SCOPES');
      expect(description).toContain('webhooks:read');
      expect(description).toContain('X-Workspace-Id');
    }
  });

  it('has no two paths that are the same template (invalid OpenAPI)', () => {
    const templates = Object.keys(doc.paths).map((path) => path.replace(/\{[^}]+\}/g, '{}'));
    const clashes = templates.filter((template, index) => templates.indexOf(template) !== index);
    expect(clashes).toEqual([]);
  });

  it('puts every management operation behind both security schemes and documents its 401 with a schema', () => {
    const found = problems(MANAGEMENT, (op) => {
      const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
      return [
        ...(['api_key', 'bearer'].every((scheme) => schemes.includes(scheme))
          ? []
          : [`security is ${JSON.stringify(op.security ?? null)}`]),
        ...errorResponseProblems(op, '401'),
      ];
    });
    expect(found).toEqual({});
  });

  it('documents 400 or 404 with the error schema on every management operation that takes input', () => {
    const found = problems(MANAGEMENT, (op, key) => {
      const takesInput = key.includes('{') || Boolean(op.requestBody) || (op.parameters ?? []).length > 0;
      if (!takesInput) return [];
      const statuses = ['400', '404'].filter((status) => op.responses[status]);
      if (statuses.length === 0) return ['neither 400 nor 404 documented'];
      return statuses.flatMap((status) => errorResponseProblems(op, status));
    });
    expect(found).toEqual({});
    // Path parameters name a resource that may not exist.
    expect(
      problems(
        MANAGEMENT.filter((key) => key.includes('{')),
        (op) => errorResponseProblems(op, '404'),
      ),
    ).toEqual({});
  });

  it('documents the ingest route by signature (no API key) and its 401 invalid signature', () => {
    for (const route of INGEST_ROUTES) {
      const op = operation(route);
      expect(op?.security ?? []).toEqual([]);
      expect(op ? errorResponseProblems(op, '401') : ['missing']).toEqual([]);
      expect(op ? errorResponseProblems(op, '404') : ['missing']).toEqual([]);
    }
    expect(operation(HEALTH)?.security ?? []).toEqual([]);
  });

  it('gives every request body a schema', () => {
    const found = problems(WITH_BODY, (op) => {
      const schema = resolveSchema(doc, op.requestBody?.content?.[JSON_TYPE]?.schema);
      if (!schema) return ['no JSON request body schema'];
      return schema.properties ? [] : ['request body schema has no properties'];
    });
    expect(found).toEqual({});
  });

  it('shows an example of the create-subscription response shaped like seed 000', () => {
    const schema = operation('POST /api/webhooks')?.responses['201']?.content?.[JSON_TYPE]?.schema;
    expect(exampleOf(doc, schema)).toMatchObject({
      data: {
        id: expect.stringMatching(/^whk_/),
        name: expect.any(String),
        url: expect.stringMatching(/^https:\/\//),
        event_types: expect.any(Array),
        status: 'active',
        failure_count: 0,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      },
      secret: expect.stringMatching(/^whsec_/),
    });
  });

  it('shows examples for the other success responses of the outbound contract', () => {
    const found = problems(OUTBOUND, (op) => {
      const success = Object.entries(op.responses).find(
        ([status]) => /^2\d\d$/.test(status) && status !== '204',
      );
      if (!success) return [];
      return exampleOf(doc, success[1].content?.[JSON_TYPE]?.schema) === undefined
        ? [`no example for ${success[0]}`]
        : [];
    });
    expect(found).toEqual({});
  });
});
