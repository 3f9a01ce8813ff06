import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addWebhooksToDocument } from '@org/webhooks';
import { docsSecurityHeaders } from '../http/security-headers.middleware.js';

/**
 * What a key is and may do, shown on both security schemes: the `WEBHOOKS_API_KEYS` entry syntax
 * (`parse-api-keys.ts`), scopes (`requiredScope` of `@org/common`) and workspace selection (`workspace-selection.ts`).
 */
const API_KEY_DESCRIPTION = [
  'An API key from WEBHOOKS_API_KEYS, configured as `KEY`, `KEY:WORKSPACE`, `KEY:WORKSPACE:SCOPES` or `KEY::SCOPES` (no workspace);',
  'SCOPES is `webhooks:read` and/or `webhooks:write` joined by `+` (none given: both).',
  '`webhooks:read` allows GET requests; every other method needs `webhooks:write` (else 403 `forbidden`).',
  'A key bound to no workspace may act inside one by naming it with the `X-Workspace-Id` header or `workspace_id` in the body or query;',
  'a key bound to a workspace naming another gets 404.',
].join(' ');

/**
 * Builds the OpenAPI 3.1 document from the controllers' metadata, with the `webhooks` section of
 * every event type (what a subscriber receives).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Webhooks API')
    .setDescription(
      [
        'Outbound webhooks (subscriptions, events, deliveries) and the inbound gateway for Stripe, GitHub and HubSpot.',
        'Management endpoints need `X-Api-Key: KEY` or `Authorization: Bearer KEY`.',
        'A consumer-portal session (`POST /api/portal/sessions`) calls its subset of them with `Authorization: Portal TOKEN`, in its one workspace.',
        'Errors are `{ "error": { "code", "message", "details" } }`.',
      ].join('\n\n'),
    )
    .setVersion('0.1.0')
    // 3.1: the version with a `webhooks` section, and JSON Schema 2020-12 for the event schemas.
    .setOpenAPIVersion('3.1.0')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: API_KEY_DESCRIPTION },
      'api_key',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'API key',
        description: `The same API key as a Bearer token. ${API_KEY_DESCRIPTION}`,
      },
      'bearer',
    )
    .build();
  return addWebhooksToDocument(expandIngestSources(SwaggerModule.createDocument(app, config)), app);
}

const INGEST_TEMPLATE = '/api/webhooks/{source}';
const INGEST_SOURCES = ['stripe', 'github', 'hubspot'] as const;
const CREATED_SOURCE_PATH = '/api/webhooks/src_{source_id}';

/**
 * `POST /api/webhooks/{source}` and `/api/webhooks/{id}` are the same path template to OpenAPI,
 * which makes the document invalid. The configured sources are a fixed set, so the template is
 * replaced by one documented path per source (`/api/webhooks/stripe`, …), each unambiguous, and one
 * for the sources created over `/api/inbound-sources` (`/api/webhooks/src_{source_id}`).
 */
export function expandIngestSources(document: OpenAPIObject): OpenAPIObject {
  const template = document.paths[INGEST_TEMPLATE];
  if (!template) return document;
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (path !== INGEST_TEMPLATE) {
      paths[path] = item;
      continue;
    }
    for (const source of INGEST_SOURCES) {
      const post = template.post;
      paths[`/api/webhooks/${source}`] = {
        post: post && {
          ...post,
          operationId: `${post.operationId ?? 'receiveWebhook'}_${source}`,
          summary: `Receive a ${source} webhook`,
          parameters: (post.parameters ?? []).filter((p) => !('name' in p && p.name === 'source')),
        },
      };
    }
    const post = template.post;
    paths[CREATED_SOURCE_PATH] = {
      post: post && {
        ...post,
        operationId: `${post.operationId ?? 'receiveWebhook'}_created_source`,
        summary: 'Receive a webhook for a source created with POST /api/inbound-sources',
        parameters: [
          ...(post.parameters ?? []).filter((p) => !('name' in p && p.name === 'source')),
          {
            name: 'source_id',
            in: 'path',
            required: true,
            description: "The part of the source's id after src_ (its `url` holds the whole path).",
            schema: { type: 'string', example: '01JD3K7Q8XGZ4M5N6P7R8S9T0V' },
          },
        ],
      },
    };
  }
  return { ...document, paths };
}

/**
 * Serves Swagger UI at `/docs` and the OpenAPI JSON at `/docs-json` (outside the `/api` prefix), with
 * a Content Security Policy that frames them nowhere (mounted before the routes `setup` adds).
 */
export function setupSwagger(app: INestApplication): void {
  for (const path of ['/docs', '/docs-json']) app.use(path, docsSecurityHeaders());
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Webhooks API',
  });
}
