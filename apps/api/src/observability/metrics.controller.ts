import { Controller, ForbiddenException, Get, Header, Inject, Req, Res, UseGuards } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, type AuthenticatedRequest } from '@org/common';
import type { Registry } from 'prom-client';
import { ApiKeyGuard } from '../auth/api-key.guard.js';
import { METRICS_REGISTRY } from './metrics.registry.js';

/**
 * `GET /metrics` (outside the `/api` prefix, where Prometheus looks by default), in the Prometheus
 * text format. Needs an API key bound to no workspace: the counts span every workspace.
 */
@ApiTags('observability')
@ApiKeyProtected()
@UseGuards(ApiKeyGuard)
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Prometheus metrics',
    description:
      'Delivery, backlog, subscription and inbound-webhook metrics plus Node process metrics. ' +
      'Prometheus sends the key as a bearer token (`authorization.credentials`); a key bound to a workspace is refused.',
  })
  @ApiOkResponse({ description: 'Prometheus text exposition format.', content: { 'text/plain': {} } })
  @ApiForbiddenResponse({ type: ApiErrorResponse, description: 'The key is bound to a workspace.' })
  async metrics(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) response: unknown,
  ): Promise<string> {
    if (request.workspace !== null && request.workspace !== undefined) {
      throw new ForbiddenException({
        code: 'forbidden',
        message: 'Metrics span every workspace: use an API key bound to no workspace.',
      });
    }
    // Through the adapter: the response is Express's or Fastify's reply.
    this.adapterHost.httpAdapter.setHeader(response, 'Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
