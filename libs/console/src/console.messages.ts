/** Messages of @org/console, in one place. */
export const CONSOLE_MESSAGES = {
  portalKeyTooShort: (bytes: number, min: number) => `must be at least ${min} bytes (got ${bytes}).`,
  ttlNotPositive: (option: string) => `${option} must be a positive whole number of seconds.`,
  ttlTooLong: (max: number) => `ttl_seconds must be at most ${max} (maxPortalTtlSeconds).`,
  workspaceRequired: 'workspace is required when the API key is not bound to a workspace.',
  tokenMissing: 'A portal token is required: send Authorization: Portal TOKEN.',
  tokenMalformed: 'The portal token is malformed or its signature is not valid.',
  tokenExpired: 'The portal link has expired: ask for a new one.',
  routeNotInPortal: 'This operation is not available in the portal.',
  uiNotBuilt: (folder: string) => `The console UI is not built (${folder}): run nx run @org/console:build.`,
  uiNeedsFastifyStatic:
    'The console UI is not served: on Fastify it needs @fastify/static (npm install @fastify/static), or serveUi: false.',
  uiPlatformUnsupported: (platform: string) =>
    `The console UI is not served: the HTTP platform ${platform} is neither express nor fastify.`,
  publicUrlInvalid: 'publicUrl must be an http(s) origin such as https://hooks.example.com.',
} as const;
