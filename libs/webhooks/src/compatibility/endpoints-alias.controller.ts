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
  ApiParam,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace, mapPage, type Page } from '@org/common';
import type { CreateSubscriptionDto } from '../subscriptions/dto/create-subscription.dto.js';
import { ListSubscriptionsQueryDto } from '../subscriptions/dto/list-subscriptions-query.dto.js';
import { RotateSecretDto } from '../subscriptions/dto/rotate-secret.dto.js';
import type {
  SubscriptionResponseDto,
  SubscriptionWithSecretResponseDto,
} from '../subscriptions/dto/subscription-responses.dto.js';
import { SUBSCRIPTION_EXAMPLES as EX } from '../subscriptions/dto/subscription-examples.js';
import type { SubscriptionDto } from '../subscriptions/dto/subscription.dto.js';
import type { UpdateSubscriptionDto } from '../subscriptions/dto/update-subscription.dto.js';
import {
  toCreateSubscriptionInput,
  toSubscriptionListQuery,
  toUpdateSubscriptionInput,
} from '../subscriptions/subscription-body.mapper.js';
import { toSubscriptionDto } from '../subscriptions/subscription.mapper.js';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { CheckBodyPolicy } from '../validation/check-body-policy.decorator.js';
import { BodyAs } from '../validation/param-as.decorator.js';
import { SubscriptionBodyPolicy } from '../validation/subscription-body.policy.js';
import { ApiAliasesTag, ApiAliasOf } from './api-alias-of.decorator.js';
import type { CompatibleDtos } from './compatible-dtos.js';
import { WebhooksCompatibility } from './webhooks-compatibility.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

const ID_PARAM = { name: 'id', description: 'Subscription id (`whk_…`).', example: EX.id };
const SYSTEM = 'Rapidly';

/**
 * Rapidly's "webhook endpoints" (`/webhooks/endpoints…`) over the same service as `/webhooks`: a
 * Rapidly endpoint is a subscription. Registered before the subscriptions and ingest controllers so
 * `endpoints` is taken neither for a subscription id nor for an inbound source. Made for a module
 * from its DTO classes, like `SubscriptionsController`.
 */
export function EndpointsAliasController(dtos: CompatibleDtos): Type {
  @ApiAliasesTag(SYSTEM)
  @ApiKeyProtected()
  @UseGuards(WebhooksManagementGuard)
  @Controller('webhooks/endpoints')
  class EndpointsAliasController {
    constructor(
      private readonly subscriptions: SubscriptionsService,
      private readonly compatibility: WebhooksCompatibility,
    ) {}

    @Post()
    @CheckBodyPolicy(dtos.createSubscription, SubscriptionBodyPolicy)
    @ApiAliasOf('POST /webhooks', SYSTEM)
    @ApiCreatedResponse({ type: dtos.subscriptionWithSecretResponse })
    @ApiBadRequestResponse({ type: ApiErrorResponse })
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
    @ApiAliasOf('GET /webhooks', SYSTEM)
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
    @ApiAliasOf('GET /webhooks/{id}', SYSTEM)
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
    @ApiAliasOf('PATCH /webhooks/{id}', SYSTEM)
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
    @ApiAliasOf('DELETE /webhooks/{id}', SYSTEM)
    @ApiParam(ID_PARAM)
    @ApiNoContentResponse({ description: 'Deleted.' })
    @ApiNotFoundResponse({ type: ApiErrorResponse })
    async delete(@Param('id') id: string, @CurrentWorkspace() workspace: string | null): Promise<void> {
      await this.subscriptions.delete(id, workspace);
    }

    @Patch(':id/secret')
    @ApiAliasOf('PATCH /webhooks/{id}/secret', SYSTEM)
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
  return EndpointsAliasController;
}
