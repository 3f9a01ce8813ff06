/**
 * The source of "now" for everything time-based (retry schedules, leases, signature windows).
 * Injected so tests can move time forward instead of sleeping; the token has the interface's name.
 */
export interface Clock {
  /** The current time. */
  now(): Date;
}

/** Injection token for {@link Clock}. */
export const Clock = Symbol('Clock');

/** The wall clock. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told to: for tests of schedules and windows. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | number = Date.UTC(2026, 0, 1)) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Sets the clock to `at`. */
  set(at: Date | number): void {
    this.current = typeof at === 'number' ? at : at.getTime();
  }
}
