import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '@org/common';
import { WebhooksService } from '../events/webhooks.service.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { SubscriptionStore, type ClientCertificateListing } from '../storage/subscription-store.interface.js';
import { WEBHOOK_CERTIFICATE_EXPIRING_EVENT } from '../webhooks.constants.js';

/** Certificates read per check: far more subscriptions with mutual TLS than any host has. */
export const CERTIFICATE_EXPIRY_BATCH = 10_000;

/**
 * Warns of client certificates (mutual TLS) about to expire; run by the housekeeping
 * (`DeliveryScheduler`: at start and hourly, where the worker runs). Each certificate within
 * `certificateExpiryWarningMs` of its expiry and not yet expired gets `webhook.certificate_expiring`
 * in its subscription's workspace. Once: the publish carries the
 * idempotency key `certificate_expiring:<subscription>:<fingerprint>`, which the event store keeps
 * unique per workspace, so instances and restarts checking the same certificate store one event, and
 * a replaced certificate (new fingerprint) is warned of afresh.
 */
@Injectable()
export class ClientCertificateExpiryCheck {
  constructor(
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    @Inject(SubscriptionStore) private readonly store: SubscriptionStore,
    @Inject(Clock) private readonly clock: Clock,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Publishes the warning for every certificate now within the warning window; resolves with how many
   * certificates are in it (published now or before).
   */
  async check(): Promise<number> {
    const now = this.clock.now().getTime();
    const horizon = now + this.options.certificateExpiryWarningMs;
    const certificates = await this.store.listClientCertificates(CERTIFICATE_EXPIRY_BATCH);
    const expiring = certificates.filter(
      ({ expiresAt }) => expiresAt.getTime() > now && expiresAt.getTime() <= horizon,
    );
    for (const certificate of expiring) await this.warn(certificate);
    return expiring.length;
  }

  private warn(certificate: ClientCertificateListing) {
    return this.webhooks.publish(
      WEBHOOK_CERTIFICATE_EXPIRING_EVENT,
      {
        subscription_id: certificate.subscriptionId,
        name: certificate.name,
        url: certificate.url,
        client_cert_expires_at: certificate.expiresAt.toISOString(),
        client_cert_fingerprint_sha256: certificate.fingerprintSha256,
      },
      {
        workspace: certificate.workspace,
        idempotencyKey: `certificate_expiring:${certificate.subscriptionId}:${certificate.fingerprintSha256}`,
      },
    );
  }
}
