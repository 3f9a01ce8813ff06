/** A timestamp in the reader's locale, or a dash. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** `72.5 %`, or a dash when nothing was counted. */
export function formatRate(successes: number, total: number): string {
  return total === 0 ? '—' : `${((successes / total) * 100).toFixed(1)} %`;
}

/** JSON pretty-printed when it parses, the text as is otherwise. */
export function prettyBody(body: string | null | undefined): string {
  if (body === null || body === undefined || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** A `datetime-local` input's value as ISO 8601, or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}
