import { Body, Controller, Get, Inject, NotFoundException, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiErrorResponse,
  ApiKeyProtected,
  CurrentWorkspace,
  requestOrigin,
  ValidationFailedException,
  type OriginRequest,
} from '@org/common';
import { PORTAL_PATH } from '../console.constants.js';
import { CONSOLE_MESSAGES } from '../console.messages.js';
import {
  RESOLVED_CONSOLE_OPTIONS,
  type ResolvedConsoleOptions,
} from '../options/resolved-console-options.js';
import {
  CreatePortalSessionDto,
  PortalSessionInfoResponseDto,
  PortalSessionResponseDto,
} from './dto/create-portal-session.dto.js';
import { PortalTokenService } from './portal-token.service.js';
import { ConsoleManagementGuard } from '../auth/console-management.guard.js';

interface RequestWithPortal extends OriginRequest {
  portal?: { expiresAt: Date };
}

/** Portal links for the host's customers, and the session info the portal page reads. */
@ApiTags('portal')
@ApiKeyProtected()
@UseGuards(ConsoleManagementGuard)
@Controller('portal')
export class PortalSessionsController {
  constructor(
    @Inject(PortalTokenService) private readonly tokens: PortalTokenService,
    @Inject(RESOLVED_CONSOLE_OPTIONS) private readonly options: ResolvedConsoleOptions,
  ) {}

  @Post('sessions')
  @ApiOperation({
    summary: 'Create a portal link',
    description:
      'A short-lived signed link opening the consumer portal on one workspace, with no API key in the browser.',
  })
  @ApiCreatedResponse({ type: PortalSessionResponseDto })
  @ApiBadRequestResponse({
    type: ApiErrorResponse,
    description: 'Bad ttl_seconds, or no workspace for an unbound key.',
  })
  @ApiNotFoundResponse({
    type: ApiErrorResponse,
    description: 'A workspace-bound key named another workspace.',
  })
  create(
    @Body() body: CreatePortalSessionDto,
    @CurrentWorkspace() bound: string | null,
    @Req() request: RequestWithPortal,
  ): PortalSessionResponseDto {
    const problems = [];
    if (bound === null && body.workspace === undefined)
      problems.push({ field: 'workspace', message: CONSOLE_MESSAGES.workspaceRequired });
    const ttl = body.ttl_seconds ?? this.options.defaultPortalTtlSeconds;
    if (ttl > this.options.maxPortalTtlSeconds)
      problems.push({
        field: 'ttl_seconds',
        message: CONSOLE_MESSAGES.ttlTooLong(this.options.maxPortalTtlSeconds),
      });
    if (problems.length > 0) throw new ValidationFailedException(problems);
    if (bound !== null && body.workspace !== undefined && body.workspace !== bound)
      throw new NotFoundException({ code: 'not_found', message: `Workspace ${body.workspace} not found.` });
    const workspace = bound ?? (body.workspace as string);
    const { token, claims } = this.tokens.sign(workspace, ttl);
    const url = `${this.origin(request)}${PORTAL_PATH}?token=${encodeURIComponent(token)}`;
    return { data: { url, workspace, expires_at: claims.expiresAt.toISOString() } };
  }

  @Get('session')
  @ApiOperation({
    summary: 'The calling portal session',
    description: 'Called with `Authorization: Portal <token>`: the workspace and expiry of the session.',
  })
  @ApiOkResponse({ type: PortalSessionInfoResponseDto })
  session(
    @CurrentWorkspace() workspace: string | null,
    @Req() request: RequestWithPortal,
  ): PortalSessionInfoResponseDto {
    if (!request.portal || workspace === null)
      throw new NotFoundException({ code: 'not_found', message: 'This request is not a portal session.' });
    return { data: { workspace, expires_at: request.portal.expiresAt.toISOString() } };
  }

  /** `publicUrl`, else a strict `Host`, else the listening address: never other `Host` text. */
  private origin(request: RequestWithPortal): string {
    return requestOrigin(request, this.options.publicUrl);
  }
}
