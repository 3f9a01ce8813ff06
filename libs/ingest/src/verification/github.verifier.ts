import { Webhooks } from '@octokit/webhooks';
import { MalformedWebhookError } from '../errors/malformed-webhook.error.js';
import type {
  ParsedWebhookEvent,
  WebhookRequest,
  WebhookVerifier,
} from '../interfaces/webhook-verifier.interface.js';
import type { ResolvedGitHubSource } from '../options/resolved-ingest-options.js';
import { parseJsonBody } from './webhook-body.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * GitHub: `X-Hub-Signature-256` checked with `@octokit/webhooks` against each configured secret;
 * `X-GitHub-Event` and `X-GitHub-Delivery` are required. Id: `X-GitHub-Delivery`; type: the raw
 * `X-GitHub-Event` (`push`, `pull_request`; the action stays in `payload.action`). Both content types
 * GitHub offers are accepted: JSON, and form-encoded (`payload=<json>`), signed over the raw form body.
 */
export class GitHubWebhookVerifier implements WebhookVerifier {
  readonly contentTypes = ['application/json', FORM] as const;
  readonly storedHeaders = [
    'x-github-event',
    'x-github-delivery',
    'x-github-hook-id',
    'x-github-hook-installation-target-id',
  ];
  private readonly verifiers: Webhooks[];

  constructor(options: ResolvedGitHubSource) {
    this.verifiers = options.secrets.map((secret) => new Webhooks({ secret }));
  }

  async verify(request: WebhookRequest): Promise<boolean> {
    const signature = request.headers['x-hub-signature-256'];
    if (!signature || !request.headers['x-github-event'] || !request.headers['x-github-delivery'])
      return false;
    if (request.rawBody.length === 0) return false;
    // Octokit takes a string; invalid UTF-8 cannot verify, since decoding replaces the bad bytes.
    const payload = request.rawBody.toString('utf8');
    let valid = false;
    for (const verifier of this.verifiers) {
      valid = (await verifier.verify(payload, signature).catch(() => false)) || valid;
    }
    return valid;
  }

  parse(request: WebhookRequest): ParsedWebhookEvent[] {
    const externalId = request.headers['x-github-delivery']!;
    const type = request.headers['x-github-event']!;
    if (request.contentType !== FORM) return [{ externalId, type, payload: parseJsonBody(request.rawBody) }];
    const form = new URLSearchParams(request.rawBody.toString('utf8')).get('payload');
    if (form === null) throw new MalformedWebhookError('The form body has no payload field.');
    return [{ externalId, type, payload: parseJsonBody(form) }];
  }
}
