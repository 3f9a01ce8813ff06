import type { OptionChecker } from '@org/common';
import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import type { SecretShape } from '../options/source-option-checks.js';
import type { IngestSourcesOptions } from '../options/source-options.interface.js';

/** What a kind's verifier needs of a secret, and who makes it. */
export interface SourceSecretRule {
  /** Stripe's `whsec_…`, Standard Webhooks' `whsec_` + base64 key, or a shared secret. */
  readonly shape: SecretShape;
  /**
   * The provider issues the secret, so a source created over the API must be given one (on create
   * and rotate); otherwise one of the right shape is generated when none is given.
   */
  readonly issuedByProvider: boolean;
}

/**
 * The groups of the module's `sources` option that hold a kind's sources (`custom` holds the host's
 * own verifiers).
 */
export type ConfiguredSourceKey = Exclude<keyof IngestSourcesOptions, 'custom'>;

/** How a kind is configured in the module's `sources` option. */
export interface ConfiguredSourceKind<Resolved> {
  /** Its group under `sources`, e.g. `stripe` or `standardWebhooks`. */
  readonly key: ConfiguredSourceKey;
  /**
   * `single`: one source, named after the kind (`sources.stripe` is `POST /webhooks/stripe`);
   * `named`: any number, by name (`sources.hmac.acme` is `POST /webhooks/acme`).
   */
  readonly shape: 'single' | 'named';
  /**
   * Checks one configured source (camelCase options with its secrets), naming each problem under
   * `path`, and applies the defaults; `undefined` when `value` is not even an object.
   */
  resolve(value: unknown, path: string, check: OptionChecker): Resolved | undefined;
}

/**
 * One kind of inbound source (Stripe, GitHub, a generic HMAC scheme…): everything the library needs
 * to accept its sources, configured or created over the API. The registry in `source-kinds.ts` lists
 * every kind; nothing else names them.
 */
export interface SourceKind<Resolved> {
  /** Its secrets' rule, checked for configured sources at start-up and for API ones when written. */
  readonly secret: SourceSecretRule;
  /**
   * The optional peer package its verifier needs (`stripe`), imported only when a source of the
   * kind is used; a missing one fails with `npm install <package>`.
   */
  readonly peerPackage?: string;
  /** Where it is configured in the module's `sources` option; absent: created over the API only. */
  readonly configured?: ConfiguredSourceKind<Resolved>;
  /** The keys of its `options` over the API (snake_case), besides every kind's `max_body_bytes`. */
  readonly optionKeys: readonly string[];
  /**
   * Checks the `options` of a source created over the API (only known keys: {@link optionKeys}) and
   * applies the defaults, naming each problem `options.<key>`; `secrets` were checked already.
   */
  resolveCreated(options: Record<string, unknown>, secrets: string[], check: OptionChecker): Resolved;
  /** The verifier of one source from its resolved options (a peer-dependent one imported here). */
  createVerifier(options: Resolved): WebhookVerifier | Promise<WebhookVerifier>;
}
