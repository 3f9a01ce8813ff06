import { createHash, createHmac } from 'node:crypto';
import {
  bodyOf,
  freshId,
  jsonField,
  JSON_CONTENT_TYPE,
  secondsOf,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A Slack Events API request to sign. */
export interface SlackRequestOptions extends SignedRequestOptions {
  /** The app's signing secret, the source's secret. */
  secret: string;
  /** The source's id in its URL (`src_…`, as `POST /inbound-sources` answered). */
  source: string;
  /**
   * The request body, e.g. `{ type: 'event_callback', event: { type: 'app_mention', … } }`; `event_id`
   * (the id the module dedupes on) is filled in when absent. A string or Buffer is sent as given.
   */
  payload: Record<string, unknown> | string | Buffer;
  /** The `event_id`, over the payload's own. */
  id?: string;
}

/**
 * A Slack request signed as Slack's "Verifying requests from Slack" defines it: `X-Slack-Signature:
 * v0=<hex HMAC-SHA256(secret, "v0:<timestamp>:<body>")>` with `X-Slack-Request-Timestamp` (seconds).
 */
export function slackRequest(options: SlackRequestOptions): SignedWebhookRequest {
  const { payload } = options;
  const raw = typeof payload === 'string' || Buffer.isBuffer(payload);
  // Sent as given without an event_id, the module dedupes on the body's hash: so does `id`.
  const id =
    options.id ??
    (raw
      ? (jsonField(payload, 'event_id') ?? createHash('sha256').update(payload).digest('hex'))
      : (payload.event_id as string | undefined)) ??
    freshId('Ev');
  const body = raw ? payload : bodyOf({ ...payload, event_id: id });
  const timestamp = String(secondsOf(options.at));
  const digest = createHmac('sha256', options.secret).update(`v0:${timestamp}:`).update(body).digest('hex');
  return {
    method: 'POST',
    path: sourcePath(options.source, options.prefix),
    headers: {
      ...JSON_CONTENT_TYPE,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': `v0=${digest}`,
    },
    body,
    id,
  };
}
