import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiKeyProtected,
  CurrentWorkspace,
  PaginationQueryDto,
  requestOrigin,
  type OriginRequest,
} from '@org/common';
import { RESOLVED_INGEST_OPTIONS, type ResolvedIngestOptions } from '../options/resolved-ingest-options.js';
import { CreateInboundSourceDto } from './dto/create-inbound-source.dto.js';
import {
  InboundSourceDto,
  InboundSourcePageDto,
  InboundSourceResponseDto,
} from './dto/inbound-source.dto.js';
import { RotateInboundSourceSecretDto, UpdateInboundSourceDto } from './dto/update-inbound-source.dto.js';
import { InboundSourcesService } from './inbound-sources.service.js';
import { IngestManagementGuard } from '../auth/ingest-management.guard.js';

/** The parts of the request the source URL is built from (Express honours `trust proxy`). */
interface UrlRequest extends OriginRequest {
  originalUrl?: string;
  url: string;
}

const SOURCE_ID = { name: 'id', example: 'src_01JD3K7Q8XGZ4M5N6P7R8S9T0V' };

/**
 * Sources as data: each has its own URL (`/webhooks/<id>`) and secret and belongs to the workspace of
 * the caller that created it. Behind the module's `authorize`, like the other management endpoints.
 */
@ApiTags('ingest')
@ApiKeyProtected()
@UseGuards(IngestManagementGuard)
@Controller('inbound-sources')
export class InboundSourcesController {
  constructor(
    private readonly sources: InboundSourcesService,
    @Inject(RESOLVED_INGEST_OPTIONS) private readonly options: ResolvedIngestOptions,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a webhook source (Stripe, GitHub, HubSpot, Shopify, Slack, HMAC, Standard Webhooks)',
    description: "Answers the source's URL to paste into the provider; a generated secret is shown once.",
  })
  @ApiCreatedResponse({ type: InboundSourceResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Unknown type or option, bad secret.' })
  create(
    @Body() body: CreateInboundSourceDto,
    @CurrentWorkspace() workspace: string | null,
    @Req() request: UrlRequest,
  ): Promise<InboundSourceResponseDto> {
    return this.sources.create(body, workspace, this.webhooksUrl(request));
  }

  @Get()
  @ApiOperation({ summary: "List the caller's workspace's sources, newest first" })
  @ApiOkResponse({ type: InboundSourcePageDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'A bad limit or cursor.' })
  list(
    @Query() query: PaginationQueryDto,
    @CurrentWorkspace() workspace: string | null,
    @Req() request: UrlRequest,
  ): Promise<InboundSourcePageDto> {
    return this.sources.list(query, workspace, this.webhooksUrl(request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a source' })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: InboundSourceResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
    @Req() request: UrlRequest,
  ): Promise<{ data: InboundSourceDto }> {
    return { data: await this.sources.get(id, workspace, this.webhooksUrl(request)) };
  }

  @Patch(':id')
  @ApiOperation({ summary: "Rename a source or replace its type's options" })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: InboundSourceResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateInboundSourceDto,
    @CurrentWorkspace() workspace: string | null,
    @Req() request: UrlRequest,
  ): Promise<{ data: InboundSourceDto }> {
    return { data: await this.sources.update(id, body, workspace, this.webhooksUrl(request)) };
  }

  @Patch(':id/secret')
  @ApiOperation({
    summary: "Rotate a source's secret",
    description: 'The previous secret is still accepted for 24 h (`previous_secret_expires_at`).',
  })
  @ApiParam(SOURCE_ID)
  @ApiOkResponse({ type: InboundSourceResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  rotateSecret(
    @Param('id') id: string,
    @Body() body: RotateInboundSourceSecretDto,
    @CurrentWorkspace() workspace: string | null,
    @Req() request: UrlRequest,
  ): Promise<InboundSourceResponseDto> {
    return this.sources.rotateSecret(id, body.secret, workspace, this.webhooksUrl(request));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a source',
    description: 'Its URL answers 404 from now on; its stored events are kept for the retention period.',
  })
  @ApiParam(SOURCE_ID)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  delete(@Param('id') id: string, @CurrentWorkspace() workspace: string | null): Promise<void> {
    return this.sources.delete(id, workspace);
  }

  /**
   * `<origin><prefix>/webhooks`: the gateway route beside this controller, under the same prefix; the
   * origin is `publicUrl`, else a strict `Host`, else the listening address (`requestOrigin`).
   */
  private webhooksUrl(request: UrlRequest): string {
    const path = (request.originalUrl ?? request.url).split('?')[0]!;
    // The router matches any letter case: find the route in the path as it matched.
    const prefix = path.slice(0, Math.max(0, path.toLowerCase().indexOf('/inbound-sources')));
    return `${requestOrigin(request, this.options.publicUrl)}${prefix}/webhooks`;
  }
}
