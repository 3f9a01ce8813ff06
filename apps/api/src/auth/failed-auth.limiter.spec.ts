import { describe, expect, it } from '@jest/globals';
import { FailedAuthLimiter } from './failed-auth.limiter.js';

describe('FailedAuthLimiter', () => {
  it('blocks a client after the limit until its window ends, per client', () => {
    let now = 1_000_000;
    const limiter = new FailedAuthLimiter(() => now, 3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfterSeconds('10.0.0.1')).toBeNull();
      limiter.recordFailure('10.0.0.1');
    }
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(60);
    expect(limiter.retryAfterSeconds('10.0.0.2')).toBeNull();
    now += 45_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(15);
    now += 15_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBeNull();
  });
});
