import type { WebhookVerifier } from '../interfaces/webhook-verifier.interface.js';

/** The configured sources and their verifiers: what `POST /webhooks/:source` dispatches on. */
export class WebhookVerifierRegistry {
  constructor(private readonly verifiers: ReadonlyMap<string, WebhookVerifier>) {}

  /** The verifier of a configured source, or undefined for an unknown one. */
  get(source: string): WebhookVerifier | undefined {
    return this.verifiers.get(source);
  }

  /** Names of the configured sources. */
  sources(): string[] {
    return [...this.verifiers.keys()];
  }
}
