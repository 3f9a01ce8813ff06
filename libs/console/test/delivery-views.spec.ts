import { describe, expect, it } from '@jest/globals';
import type { DeliveryAttempt } from '../ui/src/api.js';
import { byTimeNewestFirst } from '../ui/src/delivery-status.js';
import { choicesOf } from '../ui/src/views/event-type-choices.js';
import { bucketAttempts, healthRange } from '../ui/src/views/health-buckets.js';

let sequence = 0;

/** One attempt row as the log answers it. */
function attempt(fields: Partial<DeliveryAttempt>): DeliveryAttempt {
  sequence++;
  return {
    id: `whd_${String(sequence).padStart(3, '0')}`,
    subscription_id: 'whk_1',
    event_id: 'evt_1',
    event_type: 'deal.won',
    attempt: 1,
    status: 'failed',
    http_status: 503,
    error: null,
    duration_ms: 5,
    created_at: '2026-12-07T10:00:00.000Z',
    next_attempt_at: null,
    response_body: null,
    ...fields,
  };
}

describe('byTimeNewestFirst', () => {
  it('orders rows by the time they were made, not by event', () => {
    const rows = [
      attempt({ id: 'a', created_at: '2026-12-07T10:00:00.000Z' }),
      attempt({ id: 'b', created_at: '2026-12-07T10:02:00.000Z' }),
      attempt({ id: 'c', created_at: '2026-12-07T10:01:00.000Z' }),
    ];
    expect(byTimeNewestFirst(rows).map((row) => row.id)).toEqual(['b', 'c', 'a']);
  });
});

describe('choicesOf (the event-type picker)', () => {
  it('offers *, then the wildcard pattern of every prefix, then the types', () => {
    const choices = choicesOf([
      { name: 'deal.won', description: 'Won.' },
      { name: 'deal.lost', description: 'Lost.' },
      { name: 'crm.contact.created', description: 'Created.' },
    ]);
    expect(choices.map((choice) => choice.value)).toEqual([
      '*',
      'crm.*',
      'crm.contact.*',
      'deal.*',
      'deal.won',
      'deal.lost',
      'crm.contact.created',
    ]);
    expect(choices.find((choice) => choice.value === 'deal.*')?.description).toBe('the 2 deal.… types');
  });
});

describe('bucketAttempts (the health charts)', () => {
  it('spreads the last hour over minute buckets, counting made attempts only', () => {
    const now = Date.parse('2026-12-07T10:30:30.000Z');
    const range = healthRange('1h');
    const series = bucketAttempts(
      [
        attempt({ status: 'success', created_at: '2026-12-07T10:30:10.000Z', duration_ms: 10 }),
        attempt({ status: 'failed', created_at: '2026-12-07T10:30:20.000Z', duration_ms: 30 }),
        attempt({ status: 'failed', created_at: '2026-12-07T10:29:00.000Z' }),
        attempt({ status: 'pending', created_at: '2026-12-07T10:30:00.000Z' }),
        attempt({ status: 'success', created_at: '2026-12-07T09:00:00.000Z' }),
      ],
      now,
      range,
    );
    expect(series.times).toHaveLength(60);
    expect(series.times.at(-1)).toBe(Date.parse('2026-12-07T10:30:00.000Z') / 1000);
    expect([series.successes.at(-1), series.failures.at(-1), series.latency.at(-1)]).toEqual([1, 1, 20]);
    expect([series.successes.at(-2), series.failures.at(-2)]).toEqual([0, 1]);
    expect(series.successes.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('defaults to the last 24 hours in 15-minute buckets', () => {
    expect(healthRange(undefined)).toMatchObject({ id: '24h', bucketMs: 15 * 60 * 1000 });
    expect(healthRange('nonsense').id).toBe('24h');
  });
});
