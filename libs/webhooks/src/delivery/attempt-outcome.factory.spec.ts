import { describe, expect, it } from '@jest/globals';
import type { ClaimedDelivery } from '../interfaces/delivery.interface.js';
import type { TransportResult } from '../transport/transport-result.js';
import { toAttemptOutcome, type RetryPolicy } from './attempt-outcome.factory.js';

const claim: ClaimedDelivery = {
  id: 'whd_1',
  leaseToken: 'w:1',
  attempt: 1,
  subscriptionId: 'whk_1',
  eventId: 'evt_1',
  eventType: 'deal.won',
  url: 'https://example.com/hook',
  secrets: [],
  format: 'raw',
  payload: '{}',
};
const at = new Date('2026-03-16T12:00:00.000Z');
const timing = { startedAt: at, finishedAt: at };
const request = { url: claim.url, headers: { 'content-type': 'application/json' } };
const answer = (status: number, headers: Record<string, string> = {}): TransportResult => ({
  ok: status < 300,
  httpStatus: status,
  durationMs: 5,
  responseBody: '',
  responseBodyTruncated: false,
  responseHeaders: headers,
  error: status < 300 ? null : `HTTP ${status}`,
  errorCode: status < 300 ? null : 'http_status',
});
const policy = (random: () => number, jitter = 0.1): RetryPolicy => ({
  schedule: [0, 10_000],
  jitter,
  random,
});
const nextIn = (result: TransportResult, p: RetryPolicy, backoffLevel = 0) => {
  const outcome = toAttemptOutcome({ ...claim, backoffLevel }, result, timing, p, request);
  return outcome.next ? outcome.next.at.getTime() - at.getTime() : null;
};

describe('toAttemptOutcome', () => {
  it('spreads the next delay by the jitter, within ±10 % by default', () => {
    expect(
      nextIn(
        answer(500),
        policy(() => 0),
      ),
    ).toBe(9_000);
    expect(
      nextIn(
        answer(500),
        policy(() => 0.5),
      ),
    ).toBe(10_000);
    expect(
      nextIn(
        answer(500),
        policy(() => 0.999_999),
      ),
    ).toBe(11_000);
    expect(
      nextIn(
        answer(500),
        policy(() => 0, 0),
      ),
    ).toBe(10_000);
  });

  it('never schedules before a Retry-After hold, and holds the endpoint that long', () => {
    const outcome = toAttemptOutcome(
      claim,
      answer(429, { 'retry-after': '60' }),
      timing,
      policy(Math.random),
      request,
    );
    expect(outcome.next!.at.getTime() - at.getTime()).toBe(60_000);
    expect(outcome.holdUntil!.getTime() - at.getTime()).toBe(60_000);
    expect(outcome).toMatchObject({ backoff: false, gone: false, error: 'HTTP 429 (Retry-After 60 s)' });
  });

  it('backs off 502/503/504/429 without Retry-After, doubling per level, at most 5 min; not other statuses', () => {
    const hold = (status: number, level: number) =>
      toAttemptOutcome(
        { ...claim, backoffLevel: level },
        answer(status),
        timing,
        policy(() => 0.5),
        request,
      );
    expect(hold(503, 0).holdUntil!.getTime() - at.getTime()).toBe(1_000);
    expect(hold(502, 3).holdUntil!.getTime() - at.getTime()).toBe(8_000);
    expect(hold(504, 30).holdUntil!.getTime() - at.getTime()).toBe(300_000);
    expect(hold(429, 1)).toMatchObject({ backoff: true, error: 'HTTP 429 (endpoint backed off 2 s)' });
    expect(hold(500, 0)).toMatchObject({ backoff: false, holdUntil: null, error: 'HTTP 500' });
    // Retry-After on a 502 is not honoured (only 429 and 503 carry it): back-off instead.
    expect(
      toAttemptOutcome(
        claim,
        answer(502, { 'retry-after': '60' }),
        timing,
        policy(() => 0.5),
        request,
      ).backoff,
    ).toBe(true);
  });

  it('410 Gone schedules nothing and marks the endpoint gone', () => {
    const outcome = toAttemptOutcome(
      claim,
      answer(410),
      timing,
      policy(() => 0.5),
      request,
    );
    expect(outcome).toMatchObject({ next: null, gone: true, errorClass: 'http_status' });
  });

  it('records the request it sent and the answer headers', () => {
    const outcome = toAttemptOutcome(
      claim,
      answer(200, { 'x-id': '1' }),
      timing,
      policy(() => 0.5),
      request,
    );
    expect(outcome).toMatchObject({
      ok: true,
      next: null,
      url: claim.url,
      requestHeaders: request.headers,
      responseHeaders: { 'x-id': '1' },
      errorClass: null,
    });
  });
});
