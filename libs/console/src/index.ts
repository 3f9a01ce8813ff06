// Public API of @org/console: what a host needs, named one by one (ARCHITECTURE.md, "Public API";
// reviewed in api/console.api.md).
import './node-floor.check.js';
export { ConsoleModule } from './console.module.js';
export { CONSOLE_MODULE_OPTIONS, type ConsoleModuleExtras } from './console.module-definition.js';
export { CONSOLE_DEFAULTS, CONSOLE_PATH, PORTAL_AUTH_SCHEME, PORTAL_PATH } from './console.constants.js';
export type { ConsoleModuleOptions } from './options/console-options.interface.js';
export { InvalidConsoleOptionsError } from './errors/invalid-console-options.error.js';

// Portal sessions: the authorizer a host's `authorize` puts first, and the pieces behind it
export { PortalAuthorizer } from './portal/portal.authorizer.js';
export {
  PORTAL_SCOPES,
  PortalSessionAuthenticator,
  type PortalRequest,
} from './portal/portal-session.authenticator.js';
export { PortalTokenService, type PortalClaims } from './portal/portal-token.service.js';
export { PORTAL_ROUTES } from './portal/portal-routes.js';
export { PortalTokenException } from './errors/portal-token.exception.js';
