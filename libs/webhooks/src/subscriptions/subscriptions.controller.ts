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
  type Type,
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
import type { CompatibleDtos } from '../compatibility/compatible-dtos.js';
import { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import { CheckBodyPolicy } from '../validation/check-body-policy.decorator.js';
import { BodyAs } from '../validation/param-as.decorator.js';
import type { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import { ListSubscriptionsQueryDto } from './dto/list-subscriptions-query.dto.js';
import { RotateSecretDto } from './dto/rotate-secret.dto.js';
import type {
  SubscriptionResponseDto,
  SubscriptionWithSecretResponseDto,
} from './dto/subscription-responses.dto.js';
import type { SubscriptionDto } from './dto/subscription.dto.js';
import type { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
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

/**
 * `/webhooks`: create, list, read, update, delete subscriptions and rotate their secrets. Made for a
 * module from its DTO classes (`dtos`): the bodies it takes and the answers it documents carry the
 * other systems' fields it serves.
 */
export function SubscriptionsController(dtos: CompatibleDtos): Type {
  @ApiTags('webhooks')
  @ApiKeyProtected()
  @UseGuards(WebhooksManagementGuard)
  @Controller('webhooks')
  class SubscriptionsController {
    constructor(
      private readonly subscriptions: SubscriptionsService,
      private readonly compatibility: WebhooksCompatibility,
    ) {}

    @Post()
    @CheckBodyPolicy(dtos.createSubscription, SubscriptionBodyPolicy)
    @ApiOperation({
      summary: 'Create a webhook subscription',
      description: 'The response includes the signing secret; it is not returned again.',
    })
    @ApiCreatedResponse({ type: dtos.subscriptionWithSecretResponse })
    @ApiBadRequestResponse({
      type: ApiErrorResponse,
      description: 'Invalid fields, each named in `details`.',
    })
    async create(
      @BodyAs(dtos.createSubscription) body: CreateSubscriptionDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<SubscriptionWithSecretResponseDto> {
      const { subscription, secret } = await this.subscriptions.create(
        toCreateSubscriptionInput(body),
        workspace,
      );
      return { data: toSubscriptionDto(subscription, this.compatibility), secret };
    }

    @Get()
    @ApiOperation({
      summary: 'List webhook subscriptions',
      description: 'Oldest first; follow `next_cursor` while `has_more`.',
    })
    @ApiOkResponse({ type: dtos.subscriptionPage })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    async list(
      @Query() query: ListSubscriptionsQueryDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<Page<SubscriptionDto>> {
      return mapPage(await this.subscriptions.list(toSubscriptionListQuery(query, workspace)), (record) =>
        toSubscriptionDto(record, this.compatibility),
      );
    }

    @Get(':id')
    @ApiOperation({ summary: 'Get a webhook subscription' })
    @ApiParam(ID_PARAM)
    @ApiOkResponse({ type: dtos.subscriptionResponse })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async get(
      @Param('id') id: string,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<SubscriptionResponseDto> {
      return { data: toSubscriptionDto(await this.subscriptions.get(id, workspace), this.compatibility) };
    }

    @Patch(':id')
    @CheckBodyPolicy(dtos.updateSubscription, SubscriptionBodyPolicy)
    @ApiOperation({
      summary: 'Update a webhook subscription',
      description:
        'Re-enabling (`status: active`) resets `failure_count` to 0. A `secret` replaces the signing secret at once and is not echoed back.',
    })
    @ApiParam(ID_PARAM)
    @ApiOkResponse({ type: dtos.subscriptionResponse })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async update(
      @Param('id') id: string,
      @BodyAs(dtos.updateSubscription) body: UpdateSubscriptionDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<SubscriptionResponseDto> {
      const updated = await this.subscriptions.update(id, workspace, toUpdateSubscriptionInput(body));
      return { data: toSubscriptionDto(updated, this.compatibility) };
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
    @ApiOkResponse({ type: dtos.subscriptionWithSecretResponse })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async rotateSecret(
      @Param('id') id: string,
      @Body() body: RotateSecretDto,
      @CurrentWorkspace() workspace: string | null,
    ): Promise<SubscriptionWithSecretResponseDto> {
      const { subscription, secret } = await this.subscriptions.rotateSecret(id, workspace, body.secret);
      return { data: toSubscriptionDto(subscription, this.compatibility), secret };
    }
  }
  return SubscriptionsController;
}
