import { registerDecorator, type ValidationOptions } from 'class-validator';
import { InvalidRetryScheduleError, parseRetrySchedule } from '../../rules/retry-schedule.js';

/** Most entries (attempts) a subscription's retry schedule may have. */
export const MAX_RETRY_SCHEDULE_ENTRIES = 50;

/**
 * A retry schedule in the `WEBHOOKS_RETRY_SCHEDULE` syntax (`0,30s,2m,10m,1h`); the message names the
 * bad entry.
 * @example
 * @IsRetrySchedule()
 * retry_schedule?: string | null;
 */
export function IsRetrySchedule(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isRetrySchedule',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => retryScheduleProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${retryScheduleProblem(args?.value)}`,
      },
    });
}

function retryScheduleProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string like "0,30s,2m,10m,1h"';
  try {
    const delays = parseRetrySchedule(value);
    if (delays.length > MAX_RETRY_SCHEDULE_ENTRIES)
      return `must have at most ${MAX_RETRY_SCHEDULE_ENTRIES} entries`;
    return null;
  } catch (error) {
    if (error instanceof InvalidRetryScheduleError) return `is malformed: ${error.message}`;
    throw error;
  }
}
