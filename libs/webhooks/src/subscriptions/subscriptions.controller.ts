import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
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
  decodeCursor,
  mapPage,
  type Page,
} from '@org/common';
import { CheckBodyPolicy } from '../validation/check-body-policy.decorator.js';
import { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import { ListSubscriptionsQueryDto } from './dto/list-subscriptions-query.dto.js';
import { RotateSecretDto } from './dto/rotate-secret.dto.js';
import {
  SubscriptionPageDto,
  SubscriptionResponseDto,
  SubscriptionWithSecretResponseDto,
} from './dto/subscription-responses.dto.js';
import type { SubscriptionDto } from './dto/subscription.dto.js';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
import { SubscriptionBodyPolicy } from '../validation/subscription-body.policy.js';
import { deliverySettingsOf, toSubscriptionDto } from './subscription.mapper.js';
import { SubscriptionsService } from './subscriptions.service.js';

const ID_PARAM = {
  name: 'id',
  description: 'Subscription id (`whk_…`).',
  example: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
};

/** `/webhooks`: create, list, read, update, delete subscriptions and rotate their secrets. */
@ApiTags('webhooks')
@ApiKeyProtected()
@Controller('webhooks')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @CheckBodyPolicy(CreateSubscriptionDto, SubscriptionBodyPolicy)
  @ApiOperation({
    summary: 'Create a webhook subscription',
    description: 'The response includes the signing secret; it is not returned again.',
  })
  @ApiCreatedResponse({ type: SubscriptionWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'Invalid fields, each named in `details`.' })
  async create(
    @Body() body: CreateSubscriptionDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<SubscriptionWithSecretResponseDto> {
    const { subscription, secret } = await this.subscriptions.create(
      {
        name: body.name,
        url: body.url,
        secret: body.secret ?? undefined,
        eventTypes: body.event_types ?? undefined,
        description: body.description ?? null,
        metadata: body.metadata ?? undefined,
        settings: deliverySettingsOf(body),
      },
      workspace,
    );
    return { data: toSubscriptionDto(subscription), secret };
  }

  @Get()
  @ApiOperation({
    summary: 'List webhook subscriptions',
    description: 'Oldest first; follow `next_cursor` while `has_more`.',
  })
  @ApiOkResponse({ type: SubscriptionPageDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  async list(
    @Query() query: ListSubscriptionsQueryDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<Page<SubscriptionDto>> {
    const page = await this.subscriptions.list({
      scope: workspace,
      status: query.status,
      after: decodeCursor(query.cursor),
      limit: query.limit,
    });
    return mapPage(page, toSubscriptionDto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a webhook subscription' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: SubscriptionResponseDto })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async get(
    @Param('id') id: string,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<SubscriptionResponseDto> {
    return { data: toSubscriptionDto(await this.subscriptions.get(id, workspace)) };
  }

  @Patch(':id')
  @CheckBodyPolicy(UpdateSubscriptionDto, SubscriptionBodyPolicy)
  @ApiOperation({
    summary: 'Update a webhook subscription',
    description:
      'Re-enabling (`status: active`) resets `failure_count` to 0. A `secret` replaces the signing secret at once and is not echoed back.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: SubscriptionResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async update(
    @Param('id') id: string,
    @Body() body: UpdateSubscriptionDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<SubscriptionResponseDto> {
    const updated = await this.subscriptions.update(id, workspace, {
      name: body.name,
      url: body.url,
      secret: body.secret,
      eventTypes: body.event_types,
      description: body.description,
      metadata: body.metadata,
      status: body.status,
      settings: deliverySettingsOf(body),
    });
    return { data: toSubscriptionDto(updated) };
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Delete a webhook subscription',
    description: 'Pending deliveries are cancelled.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async delete(@Param('id') id: string, @CurrentWorkspace() workspace: string | null): Promise<void> {
    await this.subscriptions.delete(id, workspace);
  }

  @Patch(':id/secret')
  @ApiOperation({
    summary: 'Rotate the signing secret',
    description:
      'Returns the new secret once. The previous secret keeps signing alongside it for the grace period (24 h by default).',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: SubscriptionWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async rotateSecret(
    @Param('id') id: string,
    @Body() body: RotateSecretDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<SubscriptionWithSecretResponseDto> {
    const { subscription, secret } = await this.subscriptions.rotateSecret(id, workspace, body.secret);
    return { data: toSubscriptionDto(subscription), secret };
  }
}
