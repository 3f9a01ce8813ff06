import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/postgresql';
import { Public } from '../auth/public.decorator.js';
import { ReadinessState } from './readiness.state.js';

/** How long the readiness database ping may take before the instance counts as not ready. */
const DATABASE_PING_TIMEOUT_MS = 2_000;

/** Kubernetes-style probes (`@nestjs/terminus`): liveness of the process, readiness for traffic. */
@ApiTags('health')
@Controller('health')
export class HealthProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly orm: MikroORM,
    private readonly readiness: ReadinessState,
  ) {}

  @Public()
  @Get('live')
  @HealthCheck()
  @ApiOperation({
    summary: 'Liveness probe',
    description:
      'Answers 200 while the process serves HTTP; checks nothing else, so a database outage never restarts it.',
  })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness probe',
    description:
      'Answers 200 when the database answers and the instance is not draining after SIGTERM; 503 otherwise.',
  })
  @ApiOkResponse({ description: 'Ready for traffic.' })
  @ApiServiceUnavailableResponse({ description: 'Database unreachable, or draining.' })
  async ready(): Promise<HealthCheckResult> {
    // Said first and plainly: while draining, terminus itself reports `shutting_down` without details.
    if (this.readiness.draining) throw draining();
    return this.health
      .check([
        () => {
          const session = this.indicators.check('lifecycle');
          return this.readiness.draining ? session.down({ message: 'draining' }) : session.up();
        },
        () =>
          this.indicators
            .check('database')
            .attempt(async () => {
              await this.orm.em.getConnection().execute('select 1');
            })
            .withTimeout(DATABASE_PING_TIMEOUT_MS),
      ])
      .catch((error: unknown) => {
        // A check that began just before draining ends as terminus' `shutting_down`, without details.
        throw this.readiness.draining ? draining() : notReady(error);
      });
  }
}

/** Terminus' 503, in the error envelope: which checks failed, and why. */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const failed = (error.getResponse() as { error?: Record<string, { message?: unknown }> }).error ?? {};
  const details = Object.entries(failed).map(([field, result]) => ({
    field,
    message: typeof result.message === 'string' ? result.message : 'down',
  }));
  return new ServiceUnavailableException({
    code: 'not_ready',
    message: `Not ready: ${details.map((detail) => detail.field).join(', ') || 'unknown'}.`,
    details,
  });
}

function draining(): ServiceUnavailableException {
  return new ServiceUnavailableException({
    code: 'not_ready',
    message: 'Not ready: lifecycle.',
    details: [{ field: 'lifecycle', message: 'draining' }],
  });
}
