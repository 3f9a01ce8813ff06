import type { Type } from '@nestjs/common';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';

/** Stripe (`POST /webhooks/stripe`), verified with the official `stripe` package. */
export interface StripeSourceOptions {
  /** Endpoint signing secrets (`whsec_…`); several while rotating: a signature by any of them is valid. */
  secrets: string[];
  /** Largest age, and largest clock skew into the future, of the signed timestamp, in seconds. @default 300 */
  tolerance?: number;
}

/** GitHub (`POST /webhooks/github`), verified with `@octokit/webhooks` on `X-Hub-Signature-256`. */
export interface GitHubSourceOptions {
  /** Webhook secrets; several while rotating. */
  secrets: string[];
}

/** HubSpot signature versions. */
export type HubSpotSignatureVersion = 'v1' | 'v2' | 'v3';

/** HubSpot (`POST /webhooks/hubspot`): signature v3, and v1/v2 where enabled. */
export interface HubSpotSourceOptions {
  /** The app's client secrets; several while rotating. */
  clientSecrets: string[];
  /**
   * Signature versions accepted. v1 and v2 carry no timestamp, so enabling them gives up replay
   * protection; enable them only for senders that cannot send v3. @default ['v3']
   */
  versions?: HubSpotSignatureVersion[];
  /** Largest age (and future skew) of `X-HubSpot-Request-Timestamp` for v3, in seconds. @default 300 */
  maxAgeSeconds?: number;
  /**
   * The externally visible base URL (`https://api.example.com`) that HubSpot calls, for v2/v3 URL
   * signing behind a proxy. @default the request's own protocol and host
   */
  publicUrl?: string;
}

/** HMAC algorithms for generic sources. */
export type HmacAlgorithm = 'sha256' | 'sha1' | 'sha512';

/** A sender that signs with an HMAC in a header (`POST /webhooks/<name>`). */
export interface HmacSourceOptions {
  /** Shared secrets; several while rotating. */
  secrets: string[];
  /** Header carrying the signature, e.g. `x-signature`. */
  header: string;
  /** @default 'sha256' */
  algorithm?: HmacAlgorithm;
  /** How the digest is written. @default 'hex' */
  encoding?: 'hex' | 'base64';
  /** Text before the digest in the header, e.g. `sha256=`. @default '' */
  prefix?: string;
  /** Header with the signing time in Unix seconds; when set, stale and future requests are refused. */
  timestampHeader?: string;
  /** Largest age (and future skew) of the timestamp, in seconds. @default 300 */
  toleranceSeconds?: number;
  /**
   * What is signed: the body, or `<timestamp>.<body>`.
   * @default 'timestamp.body' when `timestampHeader` is set, else 'body'
   */
  signedPayload?: 'body' | 'timestamp.body';
  /** Header holding the sender's event id. */
  idHeader?: string;
  /**
   * Payload field (dotted path) holding the event id when there is no `idHeader`. Without either, the
   * SHA-256 of the body is the id, so byte-identical deliveries are deduplicated. @default 'id'
   */
  idField?: string;
  /** Header holding the event type. */
  typeHeader?: string;
  /** Payload field (dotted path) holding the event type when there is no `typeHeader`; missing → `unknown`. @default 'type' */
  typeField?: string;
}

/** A sender following the Standard Webhooks spec (Svix and others): `webhook-id/-timestamp/-signature`. */
export interface StandardWebhooksSourceOptions {
  /** Secrets (`whsec_` + base64); several while rotating. */
  secrets: string[];
  /** Largest age (and future skew) of `webhook-timestamp`, in seconds. @default 300 */
  toleranceSeconds?: number;
}

/** The sources `POST /webhooks/:source` accepts; a source that is not configured answers 404. */
export interface IngestSourcesOptions {
  stripe?: StripeSourceOptions;
  github?: GitHubSourceOptions;
  hubspot?: HubSpotSourceOptions;
  /** Generic HMAC sources by name. */
  hmac?: Record<string, HmacSourceOptions>;
  /** Standard Webhooks sources by name. */
  standardWebhooks?: Record<string, StandardWebhooksSourceOptions>;
  /**
   * Your own verifiers by source name: a class (instantiated with dependency injection from the
   * module's scope) or an instance.
   */
  custom?: Record<string, Type<WebhookVerifier> | WebhookVerifier>;
}
