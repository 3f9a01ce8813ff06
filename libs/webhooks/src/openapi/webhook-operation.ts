import type { ParameterObject, PathItemObject, SchemaObject } from '@nestjs/swagger';
import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';
import { DeliveryHeaderNames } from '../signing/delivery-headers.js';
import { EVENT_ID_PREFIX } from '../webhooks.constants.js';
import { pointerToken, rebaseSchemaRefs } from './rebase-schema-refs.js';

/** The delivery settings that decide which headers a delivery carries. */
export interface DeliveryHeaderSettings {
  signatureHeader: string;
  standardWebhooksHeaders: boolean;
  traceparentHeader: boolean;
  userAgent: string;
}

const JSON_MEDIA_TYPE = 'application/json';
/** Our ids: the prefix, then a ULID (26 Crockford base-32 characters). */
const EVENT_ID_PATTERN = `^${EVENT_ID_PREFIX}_[0-9A-HJKMNP-TV-Z]{26}$`;
const EXAMPLE_EVENT_ID = `${EVENT_ID_PREFIX}_01JD3K7Q8XGZ4M5N6P7R8S9T0V`;
const EXAMPLE_CREATED_AT = '2026-03-16T12:00:00.000Z';
const EXAMPLE_TIMESTAMP = '1773662400';

/**
 * The `webhooks` entry of one event type: the `POST` a subscriber receives, with the delivered
 * envelope `{id, event, created_at, data}` as its body (see `EventRecordFactory`) and the headers
 * `buildDeliveryHeaders` adds under `settings`.
 */
export function webhookPathItem(type: EventTypeDefinition, settings: DeliveryHeaderSettings): PathItemObject {
  const bodyPointer = `/webhooks/${pointerToken(type.name)}/post/requestBody/content/${pointerToken(JSON_MEDIA_TYPE)}/schema`;
  const data = type.schema
    ? (rebaseSchemaRefs(type.schema, `${bodyPointer}/properties/data`) as SchemaObject)
    : { type: 'object', additionalProperties: true };
  const envelope: SchemaObject = {
    type: 'object',
    required: ['id', 'event', 'created_at', 'data'],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        pattern: EVENT_ID_PATTERN,
        description: 'The event id, the same on every attempt (and in `webhook-id`): deduplicate on it.',
      },
      // `const` is JSON Schema 2020-12, native in OpenAPI 3.1; SchemaObject predates it.
      event: { type: 'string', const: type.name, description: 'The event type.' } as SchemaObject,
      created_at: {
        type: 'string',
        format: 'date-time',
        description: 'When the event was published (ISO 8601, UTC).',
      },
      data,
    },
  };
  return {
    post: {
      summary: type.name,
      description: [
        type.description,
        'Delivered to each subscription to this type (or a matching pattern) in the `raw` format; a `slack` or `discord` subscription receives a chat message instead, signed alike.',
      ].join('\n\n'),
      tags: ['delivered webhooks'],
      parameters: deliveryHeaders(type.name, settings),
      requestBody: {
        required: true,
        content: {
          [JSON_MEDIA_TYPE]: {
            schema: envelope,
            ...(type.example && {
              example: {
                id: EXAMPLE_EVENT_ID,
                event: type.name,
                created_at: EXAMPLE_CREATED_AT,
                data: type.example,
              },
            }),
          },
        },
      },
      responses: {
        '2XX': { description: 'Received: any 2xx within the timeout marks the delivery delivered.' },
        '410': { description: 'Gone: the subscription is disabled at once, with no retry.' },
        default: {
          description:
            'Any other status (or a timeout) is a failed attempt, retried on the schedule; 429 or 503 with `Retry-After` delays the retry.',
        },
      },
    },
  };
}

/** The header parameters of one delivery, in the order `buildDeliveryHeaders` writes them. */
function deliveryHeaders(typeName: string, settings: DeliveryHeaderSettings): ParameterObject[] {
  const header = (
    name: string,
    description: string,
    schema: SchemaObject,
    example: string,
    required = true,
  ): ParameterObject => ({ name, in: 'header', required, description, schema, example });
  return [
    header(
      settings.signatureHeader,
      '`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, one `v1` per live secret, newest first.',
      { type: 'string', pattern: '^t=\\d+(,v1=[0-9a-f]{64})+$' },
      `t=${EXAMPLE_TIMESTAMP},v1=b1d95c58e5da5db5117cbd2d2753ed97fd2708726a2318a6e3cfc9007dd75ab2`,
    ),
    ...(settings.standardWebhooksHeaders
      ? [
          header(
            DeliveryHeaderNames.standardId,
            'Standard Webhooks: the event id.',
            { type: 'string' },
            EXAMPLE_EVENT_ID,
          ),
          header(
            DeliveryHeaderNames.standardTimestamp,
            'Standard Webhooks: when this attempt was signed, in Unix seconds.',
            { type: 'string', pattern: '^\\d+$' },
            EXAMPLE_TIMESTAMP,
          ),
          header(
            DeliveryHeaderNames.standardSignature,
            'Standard Webhooks: `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">` per live secret, space-separated.',
            { type: 'string' },
            'v1,mXZzHWCODOdi38btdZ4svwRusUbW+s42YfG5xe9ey2w=',
          ),
        ]
      : []),
    header(DeliveryHeaderNames.eventId, 'The event id again.', { type: 'string' }, EXAMPLE_EVENT_ID),
    header(
      DeliveryHeaderNames.eventType,
      'The event type, to route before parsing.',
      { type: 'string', const: typeName } as SchemaObject,
      typeName,
    ),
    header(
      DeliveryHeaderNames.attempt,
      '1 for the first attempt, 2 for the first retry, …',
      { type: 'string', pattern: '^[1-9]\\d*$' },
      '1',
    ),
    header(DeliveryHeaderNames.userAgent, 'The sender.', { type: 'string' }, settings.userAgent),
    ...(settings.traceparentHeader
      ? [
          header(
            'traceparent',
            "W3C Trace Context of the attempt's HTTP client span.",
            { type: 'string' },
            '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
            false,
          ),
        ]
      : []),
  ];
}
