import { MANAGEMENT_SCOPES, WORKSPACE_PATTERN, type ManagementScope } from '@org/common';
import { ConfigError, type ApiKeyEntry } from './app-config.js';

const KEY_PATTERN = /^[A-Za-z0-9._~+\-/=]{16,200}$/;

/**
 * Reads `WEBHOOKS_API_KEYS`: comma-separated entries `KEY`, `KEY:WORKSPACE`, `KEY:WORKSPACE:SCOPES`
 * or `KEY::SCOPES` (bound to no workspace), SCOPES being `webhooks:read` and/or `webhooks:write`
 * joined by `+`. Keys and workspaces cannot contain `:`, so the first two colons always separate the
 * parts and the scopes keep theirs. A key without scopes has them all.
 * @throws ConfigError naming the setting and the bad entry.
 */
export function parseApiKeys(text: string | null): ApiKeyEntry[] {
  if (text === null) return [];
  return text.split(',').map((raw, index) => parseEntry(raw.trim(), index + 1));
}

function parseEntry(entry: string, position: number): ApiKeyEntry {
  const fail = (problem: string): never => {
    throw new ConfigError('WEBHOOKS_API_KEYS', `entry ${position}: ${problem}`);
  };
  const [key = '', workspacePart, ...scopeParts] = entry.split(':');
  if (!KEY_PATTERN.test(key)) fail('a key must be 16-200 characters of A-Z a-z 0-9 . _ ~ + - / =');
  const scopesText = scopeParts.length > 0 ? scopeParts.join(':') : null;
  const workspace =
    workspacePart === undefined || (workspacePart === '' && scopesText !== null) ? null : workspacePart;
  if (workspace !== null && !WORKSPACE_PATTERN.test(workspace)) {
    fail(`workspace "${workspace}" must be 1-64 characters of A-Z a-z 0-9 _ -`);
  }
  return {
    key,
    workspace,
    scopes: scopesText === null ? [...MANAGEMENT_SCOPES] : parseScopes(scopesText, fail),
  };
}

function parseScopes(text: string, fail: (problem: string) => never): ManagementScope[] {
  const scopes = text.split('+');
  for (const scope of scopes) {
    if (!(MANAGEMENT_SCOPES as readonly string[]).includes(scope)) {
      fail(`unknown scope "${scope}" (known: ${MANAGEMENT_SCOPES.join(', ')}; join several with +)`);
    }
  }
  return [...new Set(scopes as ManagementScope[])];
}
