import { randomBytes } from 'node:crypto';
import { numericId } from './ids.js';

/** Options of a GitHub test delivery. */
export interface GitHubEventOptions {
  /** `pull_request` action. @default 'opened' */
  action?: string;
  /** @default 'acme/webshop' */
  repository?: string;
  /** @default now */
  now?: Date;
}

/** Events with a hand-made payload; others get `{ action?, repository, sender }`. */
export const GITHUB_EVENTS = ['push', 'pull_request', 'ping'] as const;

/** A GitHub webhook payload for the `X-GitHub-Event` name `event`. */
export function githubEvent(event: string, options: GitHubEventOptions = {}): Record<string, unknown> {
  const fullName = options.repository ?? 'acme/webshop';
  const [owner, name] = fullName.split('/');
  const now = (options.now ?? new Date()).toISOString();
  const repository = {
    id: numericId(),
    name,
    full_name: fullName,
    private: true,
    owner: { login: owner, type: 'Organization' },
    html_url: `https://github.com/${fullName}`,
    default_branch: 'main',
  };
  const sender = { login: 'octocat', id: 583231, type: 'User' };
  if (event === 'push') {
    const before = sha();
    const after = sha();
    const commit = {
      id: after,
      message: 'Fix checkout rounding',
      timestamp: now,
      url: `https://github.com/${fullName}/commit/${after}`,
      author: { name: 'Mona Octocat', email: 'mona@example.com', username: 'octocat' },
      added: [],
      removed: [],
      modified: ['src/checkout.ts'],
    };
    return {
      ref: 'refs/heads/main',
      before,
      after,
      created: false,
      deleted: false,
      forced: false,
      compare: `https://github.com/${fullName}/compare/${before.slice(0, 12)}...${after.slice(0, 12)}`,
      commits: [commit],
      head_commit: commit,
      repository,
      pusher: { name: 'octocat', email: 'mona@example.com' },
      sender,
    };
  }
  if (event === 'pull_request') {
    const action = options.action ?? 'opened';
    const number = numericId(3) + 1;
    const merged = action === 'closed';
    return {
      action,
      number,
      pull_request: {
        id: numericId(),
        number,
        title: 'Round totals half-up at checkout',
        state: action === 'closed' ? 'closed' : 'open',
        merged,
        draft: false,
        html_url: `https://github.com/${fullName}/pull/${number}`,
        user: { login: 'octocat', id: 583231 },
        head: { ref: 'fix/rounding', sha: sha() },
        base: { ref: 'main', sha: sha() },
        created_at: now,
        updated_at: now,
        merged_at: merged ? now : null,
      },
      repository,
      sender,
    };
  }
  if (event === 'ping')
    return {
      zen: 'Keep it logically awesome.',
      hook_id: numericId(),
      hook: { type: 'Repository', active: true, events: ['push', 'pull_request'] },
      repository,
      sender,
    };
  return { ...(options.action ? { action: options.action } : {}), repository, sender };
}

function sha(): string {
  return randomBytes(20).toString('hex');
}
