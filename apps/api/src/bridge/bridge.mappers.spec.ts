import { describe, expect, it } from '@jest/globals';
import {
  githubPullRequest,
  githubPush,
  hubspotContactCreated,
  hubspotDealOutcome,
  stripeChargeRefunded,
  stripePaymentSucceeded,
} from './bridge.mappers.js';

describe('bridge mappers', () => {
  it('maps a Stripe payment intent to payment.succeeded data', () => {
    const data = stripePaymentSucceeded({
      id: 'evt_1',
      livemode: false,
      data: {
        object: {
          id: 'pi_1',
          amount: 2000,
          amount_received: 2000,
          currency: 'usd',
          customer: 'cus_1',
          metadata: { order: '7' },
        },
      },
    });
    expect(data).toEqual({
      id: 'pi_1',
      amount: 2000,
      currency: 'usd',
      customer: 'cus_1',
      description: null,
      metadata: { order: '7' },
      source: { provider: 'stripe', event_id: 'evt_1', livemode: false },
    });
  });

  it('maps a refunded charge', () => {
    const data = stripeChargeRefunded({
      id: 'evt_2',
      data: { object: { id: 'ch_1', amount: 500, amount_refunded: 500, currency: 'eur' } },
    });
    expect(data).toMatchObject({
      id: 'ch_1',
      amount_refunded: 500,
      currency: 'eur',
      source: { event_id: 'evt_2' },
    });
  });

  it('maps GitHub push and pull_request payloads', () => {
    expect(
      githubPush(
        {
          ref: 'refs/heads/main',
          repository: { full_name: 'org/app' },
          pusher: { name: 'ada' },
          commits: [{ id: 'c1', message: 'fix', url: 'u' }],
        },
        'd-1',
      ),
    ).toMatchObject({
      repository: 'org/app',
      ref: 'refs/heads/main',
      pusher: 'ada',
      commits: [{ id: 'c1', message: 'fix', url: 'u' }],
    });
    expect(
      githubPullRequest(
        {
          action: 'opened',
          number: 42,
          repository: { full_name: 'org/app' },
          pull_request: { title: 'T', user: { login: 'ada' } },
        },
        'd-2',
      ),
    ).toMatchObject({
      action: 'opened',
      number: 42,
      title: 'T',
      author: 'ada',
      source: { delivery_id: 'd-2' },
    });
  });

  it('sends null for a field absent or not of the promised type, so the event keeps its schema', () => {
    const odd = { id: 'evt_3', data: { object: { id: 7, amount: '2000', currency: null, metadata: [] } } };
    expect(stripePaymentSucceeded(odd)).toEqual({
      id: null,
      amount: null,
      currency: null,
      customer: null,
      description: null,
      metadata: {},
      source: { provider: 'stripe', event_id: 'evt_3', livemode: null },
    });
    expect(githubPush({ commits: [null, { id: 1, message: 'm' }] }, 'd-3').commits).toEqual([
      { id: null, message: null, url: null },
      { id: null, message: 'm', url: null },
    ]);
  });

  it('maps HubSpot contact creation and closed deal stages only', () => {
    expect(hubspotContactCreated({ eventId: 1, objectId: 123, portalId: 99, occurredAt: 0 })).toEqual({
      id: '123',
      portal_id: 99,
      occurred_at: '1970-01-01T00:00:00.000Z',
      source: { provider: 'hubspot', event_id: '1' },
    });
    expect(hubspotDealOutcome({ propertyName: 'dealstage', propertyValue: 'closedwon' })).toBe('deal.won');
    expect(hubspotDealOutcome({ propertyName: 'dealstage', propertyValue: 'closedlost' })).toBe('deal.lost');
    expect(
      hubspotDealOutcome({ propertyName: 'dealstage', propertyValue: 'appointmentscheduled' }),
    ).toBeNull();
    expect(hubspotDealOutcome({ propertyName: 'amount', propertyValue: 'closedwon' })).toBeNull();
  });
});
