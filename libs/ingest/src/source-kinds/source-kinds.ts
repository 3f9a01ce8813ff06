import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';
import { githubSourceKind } from './github.source-kind.js';
import { hmacSourceKind } from './hmac.source-kind.js';
import { hubspotSourceKind } from './hubspot.source-kind.js';
import { importWithPeer } from './peer-package.js';
import { shopifySourceKind } from './shopify.source-kind.js';
import { slackSourceKind } from './slack.source-kind.js';
import type { SourceKind } from './source-kind.interface.js';
import { standardWebhooksSourceKind } from './standard-webhooks.source-kind.js';
import { stripeSourceKind } from './stripe.source-kind.js';

/**
 * The kinds of source that can be created over the API; each picks a verifier and its options.
 * Spelled out (not derived from the registry) because it is public API: a new kind is a reviewed change.
 */
export type InboundSourceType =
  'stripe' | 'github' | 'hubspot' | 'hmac' | 'standard_webhooks' | 'shopify' | 'slack';

/**
 * Every kind of inbound source, by the `type` a source created over the API names: the one list the
 * library reads for option checks (module `sources` and `/inbound-sources` bodies), secrets,
 * verifiers and their peer packages. A new provider is its verifier, its entry here (one file in
 * this folder, its name in {@link InboundSourceType} and one line below) and its test. Order is the
 * order configured sources are checked in.
 */
export const SOURCE_KINDS: Record<InboundSourceType, SourceKind<unknown>> = {
  stripe: stripeSourceKind,
  github: githubSourceKind,
  hubspot: hubspotSourceKind,
  hmac: hmacSourceKind,
  standard_webhooks: standardWebhooksSourceKind,
  shopify: shopifySourceKind,
  slack: slackSourceKind,
};

/** Every source type, for validation and documentation. */
export const INBOUND_SOURCE_TYPES = Object.keys(SOURCE_KINDS) as readonly InboundSourceType[];

/** The kind of `type`. */
export function sourceKind(type: InboundSourceType): SourceKind<unknown> {
  return SOURCE_KINDS[type];
}

/** Every kind with its type, in registry order. */
export function sourceKinds(): [InboundSourceType, SourceKind<unknown>][] {
  return INBOUND_SOURCE_TYPES.map((type) => [type, SOURCE_KINDS[type]]);
}

/**
 * Sources built into the library, configured once each under their own name (`sources.stripe`);
 * generic and custom sources may not reuse these names.
 */
export const BUILT_IN_SOURCES: readonly InboundSourceType[] = INBOUND_SOURCE_TYPES.filter(
  (type) => SOURCE_KINDS[type].configured?.shape === 'single',
);

/**
 * The verifier of one source of `kind`, importing its peer package on demand.
 * @param option how the source was given, for the missing-package error: `sources.stripe`, `type stripe`
 * @throws IngestConfigurationError when the kind's peer package is not installed.
 */
export async function createVerifier<Resolved>(
  kind: SourceKind<Resolved>,
  options: Resolved,
  option: string,
): Promise<WebhookVerifier> {
  const create = async (): Promise<WebhookVerifier> => kind.createVerifier(options);
  return kind.peerPackage ? importWithPeer(create, option, kind.peerPackage) : create();
}
