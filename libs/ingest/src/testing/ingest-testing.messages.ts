// Messages of the test bed, in one place (as ingest.messages.ts holds the module's).

/** One line naming an event the worker was still busy with. */
export function busyEvent(event: { source: string; type: string; id: string; attempt: number }): string {
  return `${event.source} ${event.type} (${event.id}, attempt ${event.attempt})`;
}

export const drainLimitReached = (rounds: number, busy: string[]): string =>
  `IngestTestbed.drain(): events were still due after ${rounds} rounds of the worker, so it stopped ` +
  `(a handler that keeps failing with no backoff, or that keeps receiving new events?). ` +
  `The last round handled: ${busy.join('; ')}. Raise maxDrainRounds if this much work is expected.`;

export const testbedClosed = (method: string): string =>
  `IngestTestbed.${method}(): the application was closed; build a new testing module for another test.`;
