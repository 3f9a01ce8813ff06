import { MAX_RETRY_AFTER_MS } from '../webhooks.constants.js';

const DELAY_SECONDS = /^\d+$/;

/**
 * How long a `Retry-After` value asks to wait from `now`, in ms: delay-seconds (`120`) or an HTTP
 * date (`Wed, 21 Oct 2026 07:28:00 GMT`), clamped to [0, {@link MAX_RETRY_AFTER_MS}] so an endpoint
 * can never stall a subscription for long. `null` when absent or malformed (then it is ignored).
 */
export function retryAfterMs(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  let ms: number;
  if (DELAY_SECONDS.test(text)) ms = Number(text) * 1000;
  else {
    // Only the RFC 9110 date forms have letters and a comma or spaces; Date.parse would take "5" too.
    if (!/[a-z]/i.test(text)) return null;
    const at = Date.parse(text);
    if (Number.isNaN(at)) return null;
    ms = at - now.getTime();
  }
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
