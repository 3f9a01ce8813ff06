/** One request as `npm run receiver` prints it (tools/receiver `formatRecordedRequest`). */
export interface ReceivedRequest {
  path: string;
  /** `(no event id)` when the request had none. */
  eventId: string;
  eventType: string;
  attempt: number | null;
  /** The `t=…,v1=…` header's check: `✔ valid`, `✘ invalid (…)`, `– missing`, … */
  signature: string;
  /** The Standard Webhooks headers' check, in the same words. */
  standardWebhooks: string;
}

// `→ 06:42:15.290 POST /webhooks evt_01… contact.created attempt 1`
// `  X-Rex-Signature: ✔ valid · standard webhooks: ✔ valid`
const REQUEST =
  /^→ \S+ \S+ (\S+) (.+?) (\S+)(?: attempt (\d+))?\n {2}[^:\n]+: (.+?) · standard webhooks: (.+)$/gm;

/** The requests in a receiver's output, in the order they arrived. */
export function receivedRequests(output: string): ReceivedRequest[] {
  return [...output.matchAll(REQUEST)].map(([, path, eventId, eventType, attempt, signature, standard]) => ({
    path,
    eventId,
    eventType,
    attempt: attempt === undefined ? null : Number(attempt),
    signature,
    standardWebhooks: standard,
  }));
}
