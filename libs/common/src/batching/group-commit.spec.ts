import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

/** A write that records its groups and finishes when told, so a test controls what is in flight. */
function controlledWrite(fail: (item: number) => boolean = () => false) {
  const groups: number[][] = [];
  const finishers: (() => void)[] = [];
  const write = (items: number[]): Promise<string[]> => {
    groups.push(items);
    return new Promise((resolve, reject) => {
      finishers.push(() =>
        items.some(fail)
          ? reject(new Error(`bad ${items.find(fail)}`))
          : resolve(items.map((i) => `ok ${i}`)),
      );
    });
  };
  /** Finishes the oldest write still running, then lets the resulting writes start. */
  const finishNext = async (): Promise<void> => {
    finishers.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { groups, write, finishNext, running: () => finishers.length };
}

describe('GroupCommit', () => {
  it('writes a lone item at once, and groups what arrives while a write runs (up to maxGroup)', async () => {
    const { groups, write, finishNext } = controlledWrite();
    const commit = new GroupCommit(write, { maxGroup: 3, inFlight: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((i) => commit.submit(i));
    expect(groups).toEqual([[1]]);
    await finishNext();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    await finishNext();
    expect(groups).toEqual([[1], [2, 3, 4], [5, 6]]);
    await finishNext();
    expect(await Promise.all(results)).toEqual(['ok 1', 'ok 2', 'ok 3', 'ok 4', 'ok 5', 'ok 6']);
    expect(commit.inFlight).toBe(0);
  });

  it('keeps up to inFlight writes running at once', async () => {
    const { groups, write, finishNext, running } = controlledWrite();
    const commit = new GroupCommit(write, { maxGroup: 10, inFlight: 2 });
    const results = [1, 2, 3, 4].map((i) => commit.submit(i));
    expect(groups).toEqual([[1], [2]]);
    expect(running()).toBe(2);
    await finishNext();
    expect(groups).toEqual([[1], [2], [3, 4]]);
    await finishNext();
    await finishNext();
    expect(await Promise.all(results)).toHaveLength(4);
  });

  it('on a failed group, writes each item alone: only the failing one rejects', async () => {
    const { groups, write, finishNext } = controlledWrite((item) => item === 3);
    const commit = new GroupCommit(write, { maxGroup: 10, inFlight: 1 });
    const first = commit.submit(1);
    const rest = [2, 3, 4].map((i) => commit.submit(i));
    await finishNext();
    await finishNext(); // the group [2, 3, 4] fails
    for (let i = 0; i < 3; i++) await finishNext(); // then 2, 3 and 4 alone
    expect(groups).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
    expect(await first).toBe('ok 1');
    const settled = await Promise.allSettled(rest);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('bad 3'));
  });

  it('closes a group when the next item does not fit (a group always takes its first)', async () => {
    const { groups, write, finishNext } = controlledWrite();
    const sum = (items: readonly number[]) => items.reduce((a, b) => a + b, 0);
    const commit = new GroupCommit(write, {
      maxGroup: 10,
      inFlight: 1,
      fits: (group, next) => sum(group) + next <= 10,
    });
    const results = [1, 4, 5, 3, 20, 2].map((i) => commit.submit(i));
    for (let i = 0; i < 5; i++) await finishNext();
    expect(groups).toEqual([[1], [4, 5], [3], [20], [2]]);
    expect(await Promise.all(results)).toHaveLength(6);
  });

  it('rejects a whole group whose write answers the wrong number of results, never guessing', async () => {
    const commit = new GroupCommit<number, string>(async () => ['only one'], { maxGroup: 10, inFlight: 1 });
    const started = commit.submit(0);
    const grouped = [1, 2].map((i) => commit.submit(i));
    expect(await started).toBe('only one');
    const settled = await Promise.allSettled(grouped);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  });
});
