import { describe, expect, it } from '@jest/globals';
import type { ClaimedDelivery } from '../interfaces/delivery.interface.js';
import { DispatchQueue } from './dispatch.queue.js';

let seq = 0;
const claim = (subscriptionId: string): ClaimedDelivery => ({
  id: `whd_${seq++}`,
  leaseToken: 't',
  attempt: 1,
  subscriptionId,
  eventId: 'evt_1',
  eventType: 'a.b',
  format: 'raw',
  url: 'https://example.com',
  secrets: [],
  payload: '{}',
});

describe('DispatchQueue', () => {
  it('starts at most perSubscription per subscription and concurrency overall, round robin', () => {
    const queue = new DispatchQueue({ concurrency: 3, perSubscription: 2, prefetch: 10 });
    queue.add([claim('a'), claim('a'), claim('a'), claim('b'), claim('b')]);
    const started = [queue.next(), queue.next(), queue.next(), queue.next()].map((c) => c?.subscriptionId);
    expect(started).toEqual(['a', 'b', 'a', undefined]); // overall limit 3 reached
    expect([queue.inFlight, queue.queued]).toEqual([3, 2]);
    queue.finished('b');
    expect(queue.next()?.subscriptionId).toBe('b');
    expect(queue.next()).toBeUndefined(); // a is at its limit of 2 and so is the overall limit
    queue.finished('a');
    expect(queue.next()?.subscriptionId).toBe('a');
  });

  it('offers each subscription room for its concurrency again as a queue, and no more', () => {
    const queue = new DispatchQueue({ concurrency: 100, perSubscription: 2, prefetch: 10 });
    queue.add([claim('slow'), claim('slow'), claim('slow'), claim('slow'), claim('busy')]);
    queue.next();
    queue.next();
    const room = queue.room();
    expect(room.full).toEqual(['slow']);
    expect(room.partial.get('busy')).toBe(3);
    expect(room.perSubscription).toBe(4);
    expect(queue.capacity()).toBe(100 + 10 - 5);
  });

  it('hands back the attempts not started', () => {
    const queue = new DispatchQueue({ concurrency: 1, perSubscription: 1, prefetch: 10 });
    queue.add([claim('a'), claim('a'), claim('b')]);
    const running = queue.next()!;
    const taken = queue.takeQueued();
    expect(taken.map((c) => c.subscriptionId).sort()).toEqual(['a', 'b']);
    expect([queue.inFlight, queue.queued]).toEqual([1, 0]);
    queue.finished(running.subscriptionId);
    expect(queue.room().full).toEqual([]);
    expect(queue.next()).toBeUndefined();
  });
});
