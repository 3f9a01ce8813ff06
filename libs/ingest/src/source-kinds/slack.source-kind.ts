import type { ResolvedHmacSource } from '../options/resolved-ingest-options.js';
import { SlackWebhookVerifier } from '../verification/slack.verifier.js';
import { toleranceOption } from './created-source-options.js';
import { resolveCreatedHmac } from './hmac.source-kind.js';
import type { SourceKind } from './source-kind.interface.js';

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">` with the app's signing
 * secret, `X-Slack-Request-Timestamp` within 5 minutes; Events API `event_id` and `event.type`.
 */
const SLACK_PRESET = {
  header: 'x-slack-signature',
  prefix: 'v0=',
  timestampHeader: 'x-slack-request-timestamp',
  idField: 'event_id',
  typeField: 'event.type',
};

/** Slack: the HMAC scheme with Slack's preset and signed text, created over the API only. */
export const slackSourceKind: SourceKind<ResolvedHmacSource> = {
  secret: { shape: 'shared', issuedByProvider: true },
  optionKeys: ['tolerance_seconds'],
  resolveCreated: (options, secrets, check) =>
    resolveCreatedHmac(
      { ...SLACK_PRESET, toleranceSeconds: toleranceOption(check, options), secrets },
      check,
    ),
  createVerifier: (options) => new SlackWebhookVerifier(options),
};
