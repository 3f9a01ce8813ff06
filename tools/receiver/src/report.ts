import type { RecordedRequest, SchemeVerification, TokenRequest } from './receiver.types.js';

const BODY_PREVIEW_CHARS = 300;

/**
 * What the CLI prints for one request: arrival, event, verifications, then (when there are) the
 * custom headers, the client certificate and the bearer token check, a body preview, the answer.
 */
export function formatRecordedRequest(request: RecordedRequest, signatureHeader: string): string {
  const time = request.receivedAt.toISOString().slice(11, 23);
  const event = [request.eventId ?? '(no event id)', request.eventType ?? '(no type)'].join(' ');
  const attempt = request.attempt === null ? '' : ` attempt ${request.attempt}`;
  const preview =
    request.body.length > BODY_PREVIEW_CHARS
      ? `${request.body.slice(0, BODY_PREVIEW_CHARS)}… `
      : `${request.body} `;
  const { status, delayMs } = request.response;
  const custom = Object.entries(request.customHeaders);
  return [
    `→ ${time} ${request.method} ${request.path} ${event}${attempt}`,
    `  ${signatureHeader}: ${describe(request.verification.signature)} · standard webhooks: ${describe(request.verification.standardWebhooks)}`,
    ...(custom.length > 0
      ? [`  headers: ${custom.map(([name, value]) => `${name}: ${value}`).join(' · ')}`]
      : []),
    ...(request.clientCertificateSubject === null
      ? []
      : [`  client certificate: ${request.clientCertificateSubject}`]),
    ...(request.bearer.status === 'skipped'
      ? []
      : [
          `  bearer token: ${describe(request.bearer)}${request.bearer.status === 'valid' ? ` (token ${request.bearer.token})` : ''}`,
        ]),
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

/** What the CLI prints for one token request: the client, and the token issued or the refusal. */
export function formatTokenRequest(request: TokenRequest): string {
  const time = request.receivedAt.toISOString().slice(11, 23);
  const asked = [
    request.grantType ?? '(no grant_type)',
    request.clientId ?? '(no client)',
    ...(request.scope === null ? [] : [`scope=${request.scope}`]),
    ...(request.audience === null ? [] : [`audience=${request.audience}`]),
  ].join(' ');
  const given =
    request.token === undefined
      ? `✘ ${request.status} ${request.error ?? ''}`.trimEnd()
      : `✔ issued token ${request.token}`;
  return `→ ${time} POST /oauth/token ${asked}\n  ${given}`;
}

/** What the CLI prints for a refused TLS handshake: OpenSSL's reason (`peer did not return a certificate`), else the error's message. */
export function formatTlsRefusal(error: Error, at: Date): string {
  const reason = /:SSL routines:[^:]*:([^:]+):/.exec(error.message)?.[1] ?? error.message;
  return `✘ ${at.toISOString().slice(11, 23)} TLS handshake refused: ${reason}`;
}
