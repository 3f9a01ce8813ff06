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
  ApiParam,
} from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace, mapPage, type Page } from '@org/common';
import { ApiAliasesTag, ApiAliasOf } from '../decorators/api-alias-of.decorator.js';
import { CheckBodyPolicy } from '../validation/check-body-policy.decorator.js';
import { SubscriptionBodyPolicy } from '../validation/subscription-body.policy.js';
import { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import { ListSubscriptionsQueryDto } from './dto/list-subscriptions-query.dto.js';
import { RotateSecretDto } from './dto/rotate-secret.dto.js';
import {
  SubscriptionPageDto,
  SubscriptionResponseDto,
  SubscriptionWithSecretResponseDto,
} from './dto/subscription-responses.dto.js';
import { SUBSCRIPTION_EXAMPLES as EX } from './dto/subscription-examples.js';
import type { SubscriptionDto } from './dto/subscription.dto.js';
import { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
import {
  toCreateSubscriptionInput,
  toSubscriptionListQuery,
  toUpdateSubscriptionInput,
} from './subscription-body.mapper.js';
import { toSubscriptionDto } from './subscription.mapper.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

const ID_PARAM = { name: 'id', description: 'Subscription id (`whk_…`).', example: EX.id };
const SYSTEM = 'Rapidly';

/**
 * Rapidly's "webhook endpoints" (`/webhooks/endpoints…`) over the same service as `/webhooks`: a
 * Rapidly endpoint is a subscription. Registered before the subscriptions and ingest controllers so
 * `endpoints` is taken neither for a subscription id nor for an inbound source.
 */
@ApiAliasesTag(SYSTEM)
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks/endpoints')
export class EndpointsAliasController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @CheckBodyPolicy(CreateSubscriptionDto, SubscriptionBodyPolicy)
  @ApiAliasOf('POST /webhooks', SYSTEM)
  @ApiCreatedResponse({ type: SubscriptionWithSecretResponseDto })
  @ApiBadRequestResponse({ type: ApiErrorResponse })
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
  @ApiAliasOf('GET /webhooks', SYSTEM)
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
  @ApiAliasOf('GET /webhooks/{id}', SYSTEM)
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
  @ApiAliasOf('PATCH /webhooks/{id}', SYSTEM)
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
