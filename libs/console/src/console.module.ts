import { Module } from '@nestjs/common';
import { UiAssetsServer } from './assets/ui-assets.server.js';
import { ConfigurableConsoleModule } from './console.module-definition.js';
import { consoleProviders } from './console.providers.js';
import { PortalSessionAuthenticator } from './portal/portal-session.authenticator.js';
import { PortalAuthorizer } from './portal/portal.authorizer.js';
import { PortalTokenService } from './portal/portal-token.service.js';

/**
 * The operator console (`/console`) and consumer portal (`/portal`) over the webhooks REST API, and
 * the portal sessions behind it. {@link PortalAuthorizer} answers `Authorization: Portal <token>`
 * requests as an `authorize` of the modules whose routes the portal calls. The portal sessions API
 * is mounted with the `authorize` option that says who may call it (or not, with `controllers: false`).
 * @example
 * ConsoleModule.forRoot({ portalSigningKey: derivedKey, authorize: AppAuthorizer })
 */
@Module({
  providers: [
    ...consoleProviders,
    PortalTokenService,
    PortalSessionAuthenticator,
    PortalAuthorizer,
    UiAssetsServer,
  ],
  exports: [PortalTokenService, PortalSessionAuthenticator, PortalAuthorizer],
})
export class ConsoleModule extends ConfigurableConsoleModule {}
