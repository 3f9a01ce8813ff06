/** Name used in start-up errors and logs. */
export const CONSOLE_MODULE_NAME = 'ConsoleModule';

/** The only defaults of `ConsoleModuleOptions`, applied once by the options resolver. */
export const CONSOLE_DEFAULTS = {
  defaultPortalTtlSeconds: 3600,
  maxPortalTtlSeconds: 86_400,
  serveUi: true,
} as const;

/** Shortest portal signing key accepted, in bytes. */
export const MIN_PORTAL_KEY_BYTES = 32;

/** Path of the operator console page (outside the API's global prefix). */
export const CONSOLE_PATH = '/console';

/** Path of the consumer portal page (outside the API's global prefix). */
export const PORTAL_PATH = '/portal';

/** Authorization scheme of a portal session: `Authorization: Portal <token>`. */
export const PORTAL_AUTH_SCHEME = 'Portal';
