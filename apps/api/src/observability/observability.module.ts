import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Registry } from 'prom-client';
import type { AppConfig } from '../config/app-config.js';
import { HealthProbesController } from './health-probes.controller.js';
import { loggingModule } from './logging.module.js';
import { MetricsController } from './metrics.controller.js';
import { METRICS_REGISTRY, OBSERVABILITY_CONFIG } from './metrics.registry.js';
import { MetricsServer } from './metrics.server.js';
import { ReadinessState } from './readiness.state.js';

/** What {@link ObservabilityModule.register} wires. */
export interface ObservabilityWiring {
  /** The app's registry, also given to both libraries. */
  registry: Registry;
  /** Structured (pino) logs; off when the caller chose its own Nest logger (tests). */
  structuredLogs: boolean;
}

/** Metrics (`/metrics`, `METRICS_PORT`), probes (`/api/health/live`, `/ready`), structured logs. */
@Module({})
export class ObservabilityModule {
  /** The module for one app instance. */
  static register(config: AppConfig, wiring: ObservabilityWiring): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        ...(wiring.structuredLogs ? [loggingModule(config.observability)] : []),
      ],
      controllers: [HealthProbesController, MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useValue: wiring.registry },
        { provide: OBSERVABILITY_CONFIG, useValue: config.observability },
        ReadinessState,
        MetricsServer,
      ],
      exports: [METRICS_REGISTRY, ReadinessState, MetricsServer],
    };
  }
}
