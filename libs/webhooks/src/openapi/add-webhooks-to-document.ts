import type { INestApplicationContext } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { EventTypeCatalogue } from '../events/event-type.catalogue.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { webhookPathItem } from './webhook-operation.js';

/** `webhooks` is an OpenAPI 3.1 field: a 3.0 document that carried it would be invalid. */
const OPENAPI_3_1_OR_LATER = /^3\.(?:[1-9]|\d{2,})\.\d+$/;

/**
 * Adds the OpenAPI 3.1 `webhooks` section to a document built with `SwaggerModule.createDocument`:
 * one entry per event type of the module's catalogue (the `eventTypes` option, then the module's own
 * `webhook.disabled`), each the `POST` a subscriber receives. Its body is the delivered envelope
 * `{id, event, created_at, data}`, with `data` the type's `schema` (any object without one) and its
 * `example`; its parameters are the signature headers this module's deliveries carry under its
 * options (`signatureHeader`, `standardWebhooksHeaders`, `traceparentHeader`). A receiving team
 * generates types from it (`openapi-typescript`, …). Entries the document already has under other
 * names are kept; one under a catalogue type's name is replaced.
 *
 * @param document Built with `new DocumentBuilder().setOpenAPIVersion('3.1.0')`.
 * @param app The application (or context) `WebhooksModule` is imported into.
 * @returns A new document; `document` itself is left unchanged.
 * @throws TypeError when the document is not OpenAPI 3.1 or later.
 * @example
 * const config = new DocumentBuilder().setTitle('API').setOpenAPIVersion('3.1.0').build();
 * const document = addWebhooksToDocument(SwaggerModule.createDocument(app, config), app);
 * SwaggerModule.setup('docs', app, document);
 */
export function addWebhooksToDocument<T extends OpenAPIObject>(document: T, app: INestApplicationContext): T {
  if (!OPENAPI_3_1_OR_LATER.test(document.openapi)) {
    throw new TypeError(
      `The webhooks section needs OpenAPI 3.1, and this document is ${document.openapi}: build it with new DocumentBuilder().setOpenAPIVersion('3.1.0').`,
    );
  }
  const options = app.get<ResolvedWebhooksOptions>(RESOLVED_WEBHOOKS_OPTIONS, { strict: false });
  const catalogue = app.get(EventTypeCatalogue, { strict: false });
  const webhooks = { ...document.webhooks };
  for (const type of catalogue.list()) webhooks[type.name] = webhookPathItem(type, options);
  return { ...document, webhooks };
}
