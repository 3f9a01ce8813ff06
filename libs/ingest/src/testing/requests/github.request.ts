import { createHmac } from 'node:crypto';
import {
  bodyOf,
  freshId,
  JSON_CONTENT_TYPE,
  sourcePath,
  type SignedRequestOptions,
  type SignedWebhookRequest,
} from './signed-webhook-request.js';

/** A GitHub delivery to sign. */
export interface GitHubRequestOptions extends Omit<SignedRequestOptions, 'at'> {
  /** The webhook's secret, one of `sources.github.secrets`. */
  secret: string;
  /** `X-GitHub-Event`, e.g. `push` or `pull_request` (the action stays in the payload). */
  event: string;
  /** The payload; a string or Buffer is sent exactly as given. */
  payload: unknown;
  /** `X-GitHub-Delivery`, the id the module dedupes on. @default a fresh UUID */
  id?: string;
  /** The source's name in the path. @default 'github' */
  source?: string;
}

/**
 * A GitHub delivery signed as GitHub signs it: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret,
 * body)>` (GitHub signs no timestamp). Written with node:crypto, so tests need not install the optional
 * `@octokit/webhooks`; the library's tests check it with Octokit's own `verify`.
 */
export function githubRequest(options: GitHubRequestOptions): SignedWebhookRequest {
  const body = bodyOf(options.payload);
  const id = options.id ?? freshId();
  const signature = createHmac('sha256', options.secret).update(body).digest('hex');
  return {
    method: 'POST',
    path: sourcePath(options.source ?? 'github', options.prefix),
    headers: {
      ...JSON_CONTENT_TYPE,
      'x-hub-signature-256': `sha256=${signature}`,
      'x-github-event': options.event,
      'x-github-delivery': id,
    },
    body,
    id,
  };
}
