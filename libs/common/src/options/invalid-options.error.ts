/** One bad option: its path (`worker.leaseMs`, `sources.stripe.secrets`) and what is wrong with it. */
export interface OptionProblem {
  /** The option's path. */
  option: string;
  /** What is wrong, e.g. `must be a whole number of at least 1, got 0`. */
  problem: string;
}

/**
 * Thrown at start-up when a module's options are wrong; the message names every bad option at once
 * (`WebhooksModule: retrySchedule: ...; worker.leaseMs: ...`), so a configuration is fixed in one go.
 */
export class InvalidOptionsError extends Error {
  override name = 'InvalidOptionsError';

  constructor(
    /** The module whose options were refused, e.g. `WebhooksModule`. */
    readonly moduleName: string,
    /** Every problem found, in the order the options were checked. */
    readonly problems: readonly OptionProblem[],
  ) {
    super(`${moduleName}: ${problems.map((p) => `${p.option}: ${p.problem}`).join('; ')}`);
  }

  /** The first bad option's path (the only one when a single option is wrong). */
  get option(): string {
    return this.problems[0]?.option ?? '';
  }
}
