import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import { ApiErrorResponse } from '@org/common';
import { Public } from '../auth/public.decorator.js';

/** Liveness and readiness: the app answers and its database is reachable. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly orm: MikroORM) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Health check',
    description: 'Answers 200 when the database is reachable. Needs no API key.',
  })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up' } } })
  @ApiServiceUnavailableResponse({ type: ApiErrorResponse })
  async check(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.orm.em.getConnection().execute('select 1');
    } catch {
      throw new ServiceUnavailableException({
        code: 'database_unreachable',
        message: 'The database is not reachable.',
      });
    }
    return { status: 'ok', database: 'up' };
  }
}
