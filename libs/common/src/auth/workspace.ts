/**
 * What a workspace identifier may look like, everywhere one is given: API keys' workspaces
 * (`WEBHOOKS_API_KEYS`), `X-Workspace-Id`/`workspace_id`, and portal sessions. Letters, digits, `-`
 * and `_`, 1 to 64: safe in URLs, log lines and portal tokens alike.
 */
export const WORKSPACE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** How {@link WORKSPACE_PATTERN} reads in a 400's message. */
export const WORKSPACE_RULE = '1 to 64 letters, digits, - or _';
