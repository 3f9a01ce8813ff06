import {
  DynamicModule,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ScheduleModule } from '@nestjs/schedule';
import { ApiKeyAuthenticator } from './auth/api-key.authenticator.js';
import { ApiKeyAuthorizer } from './auth/api-key.authorizer.js';
import { AppAuthorizer } from './auth/app.authorizer.js';
import { BridgeModule } from './bridge/bridge.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { consoleModule } from './console.wiring.js';
import { createOrmConfig } from './database/orm.config.js';
import {
  RequestContextMiddleware,
  ROUTES_WITHOUT_REQUEST_CONTEXT,
} from './database/request-context.middleware.js';
import { HealthController } from './health/health.controller.js';
import { BodyBytesLimiter } from './http/body-bytes.limiter.js';
import { RouteAccessMap } from './http/route-access.map.js';
import { ingestModule } from './ingest.wiring.js';
import { webhooksModule } from './webhooks.wiring.js';
import { createMetricsRegistry } from './observability/metrics.registry.js';
import { ObservabilityModule } from './observability/observability.module.js';

/** The host app: configuration in, both libraries wired to MikroORM on PostgreSQL. */
@Module({})
export class AppModule implements NestModule {
  /** MikroORM's request context on every route but the publish ones (see {@link RequestContextMiddleware}). */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RequestContextMiddleware)
      .exclude(...ROUTES_WITHOUT_REQUEST_CONTEXT)
      .forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }

  /**
   * The app for one loaded configuration (`databaseUrl` resolved, embedded or not); `structuredLogs`
   * (default true) routes logs through pino, off when the caller brings its own Nest logger.
   */
  static register(
    config: AppConfig & { databaseUrl: string },
    { structuredLogs = true }: { structuredLogs?: boolean } = {},
  ): DynamicModule {
    const metricsRegistry = createMetricsRegistry();
    return {
      module: AppModule,
      imports: [
        // The request context is registered by configure(), so the publish routes can go without.
        MikroOrmModule.forRoot({
          ...createOrmConfig(config.databaseUrl, config.databasePoolSize),
          registerRequestContext: false,
        }),
        // The delivery engine registers its retry clock and housekeeping here, beside any app jobs.
        ScheduleModule.forRoot(),
        webhooksModule(config, metricsRegistry),
        ingestModule(config, metricsRegistry),
        BridgeModule,
        DiscoveryModule,
        ObservabilityModule.register(config, { registry: metricsRegistry, structuredLogs }),
        consoleModule(config),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        ApiKeyAuthenticator,
        // Given as `authorize` to the three modules, which take this instance (ModuleRef, not strict).
        ApiKeyAuthorizer,
        AppAuthorizer,
        RouteAccessMap,
        {
          provide: BodyBytesLimiter,
          useFactory: () => new BodyBytesLimiter(config.maxBodyBytesInFlight, metricsRegistry),
        },
      ],
      exports: [APP_CONFIG],
    };
  }
}
