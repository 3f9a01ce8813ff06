import { Body, Controller, Delete, HttpCode, HttpStatus, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { ApiErrorResponse, ApiKeyProtected, CurrentWorkspace } from '@org/common';
import { SubscriptionsService } from '../subscriptions/subscriptions.service.js';
import { ApiAliasesTag, ApiAliasOf } from './api-alias-of.decorator.js';
import { DeleteSubscriptionDto } from './delete-subscription.dto.js';
import { WebhooksManagementGuard } from '../auth/webhooks-management.guard.js';

/** Apex's `DELETE /webhooks` with the subscription's id in the body. */
@ApiAliasesTag('Apex')
@ApiKeyProtected()
@UseGuards(WebhooksManagementGuard)
@Controller('webhooks')
export class DeleteByBodyAliasController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiAliasOf(
    'DELETE /webhooks/{id}',
    'Apex',
    'Deletes the subscription whose id is in the body (`{"id": "whk_…"}`); pending deliveries are cancelled.',
  )
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiBadRequestResponse({ type: ApiErrorResponse, description: 'No `id` in the body.' })
  @ApiNotFoundResponse({ type: ApiErrorResponse })
  async delete(
    @Body() body: DeleteSubscriptionDto,
    @CurrentWorkspace() workspace: string | null,
  ): Promise<void> {
    await this.subscriptions.delete(body.id, workspace);
  }
}
