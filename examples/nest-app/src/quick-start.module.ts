import { Injectable, Module } from '@nestjs/common';
import { allowEveryoneInDevelopment } from '@org/common';
import { WebhooksModule, WebhooksService } from '@org/webhooks';

/** Your code: paying an order tells every subscriber of `order.paid`, signed, retried until it gets through. */
@Injectable()
export class Checkout {
  constructor(private readonly webhooks: WebhooksService) {}

  async orderPaid(orderId: string, totalCents: number): Promise<void> {
    await this.webhooks.publish('order.paid', { id: orderId, total_cents: totalCents });
  }
}

/**
 * The smallest complete set-up: in memory, and the REST API (`/webhooks…`, `/events…`) open to every
 * caller. Both are refused when NODE_ENV=production; docs/getting-started.md takes it to PostgreSQL
 * and your own authorization.
 */
@Module({
  imports: [
    WebhooksModule.forRoot({
      authorize: allowEveryoneInDevelopment, // who may call the REST API: here anyone
      allowPrivateUrls: true, // subscribers on http://localhost, for trying it out
    }),
  ],
  providers: [Checkout],
})
export class QuickStartModule {}
