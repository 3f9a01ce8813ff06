import type { RecordedRequest, ResponsePlan } from './receiver.types.js';

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000 } as const;

/**
 * Parses a delay such as `250ms`, `2s`, `1.5m`; a bare number is milliseconds.
 * @throws Error naming the bad value.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a duration: use e.g. 500ms, 2s or 1m`);
  return Math.round(Number(match[1]) * UNIT_MS[(match[2] ?? 'ms') as keyof typeof UNIT_MS]);
}

/** A status choice: always one status, or a failure rate. */
export type StatusChoice = { kind: 'fixed'; status: number } | { kind: 'random'; failureRate: number };

/**
 * Parses `--status`: a status code (`200`, `500`, `302`), or `random:<p>` to answer 500 with
 * probability p (0..1) and 200 otherwise.
 * @throws Error naming the bad value.
 */
export function parseStatusChoice(text: string): StatusChoice {
  const random = /^random:(\d*\.?\d+)$/.exec(text.trim());
  if (random) {
    const failureRate = Number(random[1]);
    if (failureRate > 1) throw new Error(`"${text}": the failure rate must be between 0 and 1`);
    return { kind: 'random', failureRate };
  }
  if (/^\d{3}$/.test(text.trim()) && Number(text) >= 100 && Number(text) <= 599) {
    return { kind: 'fixed', status: Number(text) };
  }
  throw new Error(`"${text}" is not a status: use e.g. 200, 500 or random:0.3`);
}

/** A `respond` function for `createReceiver` answering with a status choice after a delay. */
export function respondWith(
  choice: StatusChoice,
  delayMs = 0,
  random: () => number = Math.random,
): (request: RecordedRequest) => ResponsePlan {
  return () => {
    const status = choice.kind === 'fixed' ? choice.status : random() < choice.failureRate ? 500 : 200;
    const headers: Record<string, string> =
      status >= 300 && status < 400 ? { Location: 'https://example.com/moved' } : {};
    return { status, delayMs, headers };
  };
}
