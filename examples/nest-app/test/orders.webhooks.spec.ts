import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SubscriptionsService } from '@org/webhooks';
import { WebhooksTestbed, WebhooksTestingModule } from '@org/webhooks/testing';
import { Checkout } from '../src/quick-start.module.js';

const PARTNER = 'https://partner.example.com/webhooks';

describe('Checkout’s webhooks', () => {
  let app: INestApplication;
  let testbed: WebhooksTestbed;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      // The real WebhooksModule: in memory, on a manual clock, sending nothing over the network.
      imports: [
        WebhooksTestingModule.forRoot({
          eventTypes: [{ name: 'order.paid', description: 'An order was paid.' }],
        }),
      ],
      providers: [Checkout],
    }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
    testbed = app.get(WebhooksTestbed);
    await app
      .get(SubscriptionsService)
      .create({ name: 'partner', url: PARTNER, eventTypes: ['order.paid'] }, null);
  });

  afterEach(() => app.close());

  it('sends order.paid to the subscriber, signed, with the order', async () => {
    await app.get(Checkout).orderPaid('ord_1', 4200);
    await testbed.drain();

    expect(testbed.sent('order.paid')).toHaveLength(1);
    const [request] = testbed.sent('order.paid');
    expect(request.url).toBe(PARTNER);
    expect(request.body).toMatchObject({ event: 'order.paid', data: { id: 'ord_1', total_cents: 4200 } });
    expect(request.signatureValid).toBe(true);
  });

  it('retries an endpoint that fails, at the retry schedule’s time', async () => {
    testbed.respond(PARTNER, [{ status: 500 }]); // then 200
    await app.get(Checkout).orderPaid('ord_2', 990);

    const first = await testbed.drain();
    const thirtySecondsLater = new Date(testbed.clock.now().getTime() + 30_000);
    expect(first.retries).toEqual([expect.objectContaining({ attempt: 2, at: thirtySecondsLater })]);

    await testbed.advance(30_000);
    expect(testbed.sent('order.paid').map((request) => request.answer.httpStatus)).toEqual([500, 200]);
  });
});
