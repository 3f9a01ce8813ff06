// Public API of @org/webhooks/testing: the test kit a host's own tests import (reviewed in
// api/webhooks-testing.api.md).
import '../node-floor.check.js';

export { WebhooksTestingModule } from './webhooks-testing.module.js';
export type { WebhooksTestingOptions } from './webhooks-testing.options.js';
export { WebhooksTestbed } from './webhooks-testbed.js';
export { TEST_OAUTH2_TOKEN } from './capturing-webhook.transport.js';
export type { PendingRequest, Responder, ScriptedAnswer } from './scripted-answer.js';
export type { DrainedAttempt, DrainReport, ScheduledRetry, SentWebhook } from './sent-webhook.js';
export { TestbedClosedError } from './testbed-closed.error.js';
