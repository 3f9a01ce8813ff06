import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** Builds the OpenAPI document from the controllers' metadata. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Webhooks API')
    .setDescription(
      [
        'Outbound webhooks (subscriptions, events, deliveries) and the inbound gateway for Stripe, GitHub and HubSpot.',
        'Management endpoints need `X-Api-Key: KEY` or `Authorization: Bearer KEY`.',
        'Errors are `{ "error": { "code", "message", "details" } }`.',
      ].join('\n\n'),
    )
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key from WEBHOOKS_API_KEYS' }, 'api_key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The same API key as a Bearer token' }, 'bearer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Serves Swagger UI at `/docs` and the OpenAPI JSON at `/docs-json` (outside the `/api` prefix). */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Webhooks API',
  });
}
