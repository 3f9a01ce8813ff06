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
  /** The custom headers as printed (`X-Api-Key: k_live_… · X-Tenant: acme`), or `null` when none. */
  headers: string | null;
  /** The client certificate's subject (`CN=acme-sender`), or `null` when the receiver demands none. */
  clientCertificate: string | null;
  /** The bearer token's check (`✔ valid (token 1)`), or `null` when the receiver issues no tokens. */
  bearerToken: string | null;
}

/** One token request as `npm run receiver -- --oauth2-client …` prints it (`formatTokenRequest`). */
export interface ReceivedTokenRequest {
  /** `client_credentials webhooks-sender scope=… audience=…`: the grant, client and parameters. */
  asked: string;
  /** `✔ issued token 1`, or `✘ 401 invalid_client`. */
  given: string;
}

// `→ 06:42:15.290 POST /webhooks evt_01… contact.created attempt 1`
// `  X-Rex-Signature: ✔ valid · standard webhooks: ✔ valid`
// then, each when there is one: `  headers: …`, `  client certificate: …`, `  bearer token: …`
const REQUEST =
  /^→ \S+ \S+ (\S+) (.+?) (\S+)(?: attempt (\d+))?\n {2}[^:\n]+: (.+?) · standard webhooks: (.+)$/m;
// `→ 06:42:15.201 POST /oauth/token client_credentials webhooks-sender scope=…`, `  ✔ issued token 1`
const TOKEN_REQUEST = /^→ \S+ POST \/oauth\/token (.+)\n {2}(.+)$/m;

/** The requests in a receiver's output, in the order they arrived. */
export function receivedRequests(output: string): ReceivedRequest[] {
  return entries(output).flatMap((entry) => {
    const match = REQUEST.exec(entry);
    if (!match) return [];
    const [, path, eventId, eventType, attempt, signature, standard] = match;
    const line = (label: string) =>
      new RegExp(`^ {2}${label}: (.+)$`, 'm').exec(entry.slice(match[0].length))?.[1] ?? null;
    return [
      {
        path,
        eventId,
        eventType,
        attempt: attempt === undefined ? null : Number(attempt),
        signature,
        standardWebhooks: standard,
        headers: line('headers'),
        clientCertificate: line('client certificate'),
        bearerToken: line('bearer token'),
      },
    ];
  });
}

/** The token requests in a receiver's output, in the order they arrived. */
export function receivedTokenRequests(output: string): ReceivedTokenRequest[] {
  return entries(output).flatMap((entry) => {
    const match = TOKEN_REQUEST.exec(entry);
    return match ? [{ asked: match[1], given: match[2] }] : [];
  });
}

/** The output cut before each `→ ` line: one entry per request (the first may be the banner). */
function entries(output: string): string[] {
  return output.split(/^(?=→ )/m);
}
