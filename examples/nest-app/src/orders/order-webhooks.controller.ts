import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { CurrentWorkspace } from '@org/common';
import { SubscriptionsService } from '@org/webhooks';
import { ApiKeyGuard } from '../api-key.guard.js';
import { OrderWebhookDto } from './orders.dto.js';

/**
 * A subscription made by the app's own code: a customer gives the URL where their system wants the
 * order events, and gets the signing secret once, as a settings page of yours would show it.
 */
@Controller('order-webhooks')
@UseGuards(ApiKeyGuard)
export class OrderWebhooksController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  async subscribe(
    @Body() body: OrderWebhookDto,
    @CurrentWorkspace() workspace: string | null, // the caller's, from authorize: null for the example's keys
  ): Promise<{ id: string; secret: string }> {
    const { subscription, secret } = await this.subscriptions.create(
      { name: 'order events', url: body.url, eventTypes: ['order.*'] },
      workspace,
    );
    return { id: subscription.id, secret };
  }
}
