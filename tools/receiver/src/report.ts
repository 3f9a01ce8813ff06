import type { RecordedRequest, SchemeVerification } from './receiver.types.js';

const BODY_PREVIEW_CHARS = 300;

/** What the CLI prints for one request: arrival, event, verifications, a body preview, the answer. */
export function formatRecordedRequest(request: RecordedRequest, signatureHeader: string): string {
  const time = request.receivedAt.toISOString().slice(11, 23);
  const event = [request.eventId ?? '(no event id)', request.eventType ?? '(no type)'].join(' ');
  const attempt = request.attempt === null ? '' : ` attempt ${request.attempt}`;
  const preview =
    request.body.length > BODY_PREVIEW_CHARS
      ? `${request.body.slice(0, BODY_PREVIEW_CHARS)}… `
      : `${request.body} `;
  const { status, delayMs } = request.response;
  return [
    `→ ${time} ${request.method} ${request.path} ${event}${attempt}`,
    `  ${signatureHeader}: ${describe(request.verification.signature)} · standard webhooks: ${describe(request.verification.standardWebhooks)}`,
    `  body: ${preview}(${request.rawBody.length} bytes)`,
    `  ← ${status}${delayMs > 0 ? ` after ${delayMs} ms` : ''}`,
  ].join('\n');
}

function describe({ status, reason }: SchemeVerification): string {
  const marks = {
    valid: '✔ valid',
    invalid: '✘ invalid',
    missing: '– missing',
    skipped: '? not checked (no --secret)',
  };
  return reason ? `${marks[status]} (${reason})` : marks[status];
}
