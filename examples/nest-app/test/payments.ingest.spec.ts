import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IngestTestbed, IngestTestingModule, stripeRequest } from '@org/ingest/testing';
import { EventLogService, WebhooksModule, WebhooksService } from '@org/webhooks';
import { PaymentsHandler } from '../src/payments.ingest.js';

const STRIPE_SECRET = 'whsec_test_payments';

describe('PaymentsHandler', () => {
  let app: INestApplication;
  let testbed: IngestTestbed;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        WebhooksModule.forRoot({
          controllers: false,
          eventTypes: [{ name: 'payment.succeeded', description: 'A Stripe payment succeeded.' }],
        }),
        // IngestModule for tests: in memory, on a manual clock, its worker run by the test bed
        IngestTestingModule.forRoot({ sources: { stripe: { secrets: [STRIPE_SECRET] } } }),
      ],
      providers: [PaymentsHandler],
    }).compile();
    app = moduleRef.createNestApplication({ rawBody: true });
    await app.init();
    testbed = app.get(IngestTestbed);
  });

  afterEach(() => app.close());

  /** A `payment_intent.succeeded` from Stripe, signed with the endpoint's secret at the module's time. */
  const paymentSucceeded = (eventId: string) =>
    stripeRequest({
      secret: STRIPE_SECRET,
      at: testbed.clock,
      id: eventId,
      event: {
        type: 'payment_intent.succeeded',
        data: { object: { id: 'pi_123', object: 'payment_intent', amount: 4200, currency: 'eur' } },
      },
    });

  /** What the handler published for our own subscribers. */
  const published = async () => {
    const page = await app.get(EventLogService).list({ scope: null, type: 'payment.succeeded', limit: 10 });
    return page.data.map((event) => JSON.parse(event.payload).data);
  };

  it('publishes payment.succeeded for a verified Stripe payment', async () => {
    // Into the app as Stripe would send it (no port needed); handlers have not run yet
    const answer = await testbed.receive(paymentSucceeded('evt_1'));
    expect(answer).toMatchObject({ status: 200, body: { received: true, duplicate: false } });

    const report = await testbed.drain();

    expect(report.handled).toHaveLength(1);
    expect(await published()).toEqual([{ payment_intent: 'pi_123', amount: 4200, currency: 'eur' }]);
  });

  it('handles a payment once when Stripe sends it twice', async () => {
    await testbed.receive(paymentSucceeded('evt_2'));
    const again = await testbed.receive(paymentSucceeded('evt_2'));
    expect(again.body).toMatchObject({ received: true, duplicate: true });

    const report = await testbed.drain();

    expect(report.handled).toHaveLength(1); // the handler ran once
    expect(await published()).toHaveLength(1);
  });

  it('retries when publishing fails, at the time the retry is due', async () => {
    // A passing outage of your own storage, say.
    jest.spyOn(app.get(WebhooksService), 'publish').mockRejectedValueOnce(new Error('storage unavailable'));
    await testbed.receive(paymentSucceeded('evt_3'));

    const first = await testbed.drain();
    expect(first.retryScheduled).toEqual([expect.objectContaining({ error: 'Error: storage unavailable' })]);
    expect(await published()).toEqual([]);

    const retryAt = first.retryScheduled[0].retryAt!;
    const second = await testbed.advance(retryAt.getTime() - testbed.clock.now().getTime());

    expect(second.handled).toEqual([expect.objectContaining({ externalId: 'evt_3', attempt: 2 })]);
    expect(await published()).toHaveLength(1);
  });
});
