import { Module } from '@nestjs/common';
import { UiAssetsServer } from './assets/ui-assets.server.js';
import { ConfigurableConsoleModule } from './console.module-definition.js';
import { consoleProviders } from './console.providers.js';
import { PortalSessionAuthenticator } from './portal/portal-session.authenticator.js';
import { PortalSessionsController } from './portal/portal-sessions.controller.js';
import { PortalTokenService } from './portal/portal-token.service.js';

/**
 * The operator console (`/console`) and consumer portal (`/portal`) over the webhooks REST API, and
 * the portal sessions behind it. The host's authentication calls {@link PortalSessionAuthenticator}
 * for `Authorization: Portal <token>` requests.
 * @example
 * ConsoleModule.forRoot({ portalSigningKey: derivedKey })
 */
@Module({
  providers: [...consoleProviders, PortalTokenService, PortalSessionAuthenticator, UiAssetsServer],
  controllers: [PortalSessionsController],
  exports: [PortalTokenService, PortalSessionAuthenticator],
})
export class ConsoleModule extends ConfigurableConsoleModule {}
