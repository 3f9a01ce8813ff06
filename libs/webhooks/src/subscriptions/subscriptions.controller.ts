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
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace, mapPage, type Page } from '@org/common';
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
import {
  toCreateSubscriptionInput,
  toSubscriptionListQuery,
  toUpdateSubscriptionInput,
} from './subscription-body.mapper.js';
import { toSubscriptionDto } from './subscription.mapper.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

const ID_PARAM = {
  name: 'id',
  description: 'Subscription id (`whk_…`).',
  example: 'whk_01JD3K7Q8XGZ4M5N6P7R8S9T0V',
};

/** `/webhooks`: create, list, read, update, delete subscriptions and rotate their secrets. */
@ApiTags('webhooks')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
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
      toCreateSubscriptionInput(body),
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
    return mapPage(
      await this.subscriptions.list(toSubscriptionListQuery(query, workspace)),
      toSubscriptionDto,
    );
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
    const updated = await this.subscriptions.update(id, workspace, toUpdateSubscriptionInput(body));
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
      'Returns the new secret once. The previous secret keeps signing alongside it for the grace period (24 h by default). At most 3 secrets sign at once: a rotation while 3 are live retires the oldest rotated-out one early.',
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
