import { describe, expect, it } from '@jest/globals';
import { InvalidOptionsError, type OptionProblem } from './invalid-options.error.js';
import { OptionChecker } from './option-checker.js';

class TestOptionsError extends InvalidOptionsError {
  constructor(problems: readonly OptionProblem[]) {
    super('TestModule', problems);
  }
}

describe('OptionChecker', () => {
  it('returns given values and fallbacks without problems', () => {
    const check = new OptionChecker();
    expect(check.integer('a', 3, 1, 1)).toBe(3);
    expect(check.integer('a', undefined, 1, 1)).toBe(1);
    expect(check.number('b', 0.5, 1, 0)).toBe(0.5);
    expect(check.positiveNumber('c', undefined, 2)).toBe(2);
    expect(check.boolean('d', false, true)).toBe(false);
    expect(check.string('e', 'x', undefined)).toBe('x');
    expect(check.oneOf('f', 'hex', ['hex', 'base64'], 'base64')).toBe('hex');
    expect(check.implementation('g', { now: () => new Date() }, ['now'])).toBe(true);
    expect(() => check.throwIfProblems((p) => new TestOptionsError(p))).not.toThrow();
  });

  it('collects every problem and names them all in one error', () => {
    const check = new OptionChecker();
    expect(check.integer('worker.leaseMs', 1.5, 60_000, 1)).toBe(60_000);
    check.boolean('allowPrivateUrls', 'true', false);
    check.string('header', 'X Sig', 'X-Sig', {
      test: (t) => !t.includes(' '),
      rule: 'must be a header name',
    });
    check.knownKeys('worker.', { batchsize: 1 }, ['batchSize']);
    check.implementation('clock', {}, ['now']);
    check.oneOf('encoding', 'hex2', ['hex'], 'hex');
    check.object('retry', [1]);

    let thrown: unknown;
    try {
      check.throwIfProblems((problems) => new TestOptionsError(problems));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionsError);
    const error = thrown as TestOptionsError;
    expect(error.option).toBe('worker.leaseMs');
    expect(error.problems.map((p) => p.option)).toEqual([
      'worker.leaseMs',
      'allowPrivateUrls',
      'header',
      'worker.batchsize',
      'clock',
      'encoding',
      'retry',
    ]);
    expect(error.message).toBe(
      'TestModule: worker.leaseMs: must be a whole number of at least 1, got 1.5; ' +
        'allowPrivateUrls: must be true or false, got "true"; header: must be a header name, got "X Sig"; ' +
        'worker.batchsize: unknown option; known ones are batchSize; clock: must implement now; ' +
        'encoding: must be one of \'hex\', got "hex2"; retry: must be an object, got an array',
    );
  });
});
