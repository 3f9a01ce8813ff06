import { Inject, Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import { InvalidSubscriptionError } from '../errors/invalid-subscription.error.js';
import { EventTypeCatalogue } from '../events/event-type.catalogue.js';
import { RESOLVED_WEBHOOKS_OPTIONS, type ResolvedWebhooksOptions } from '../options/resolved-webhooks-options.js';
import { validateWebhookUrl } from '../transport/webhook-url.validator.js';
import { unknownEventTypePatternMessage, urlRefusedMessage } from '../webhooks.messages.js';

/**
 * The checks on subscription fields that depend on this module's configuration: the URL policy
 * (`allowPrivateUrls`) and the event type catalogue. Syntax is the DTOs' job; this runs after them,
 * and also guards hosts that call `SubscriptionsService` directly.
 */
@Injectable()
export class SubscriptionPolicy {
  constructor(
    private readonly catalogue: EventTypeCatalogue,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /**
   * Checks the given fields, reporting every problem at once.
   * @throws InvalidSubscriptionError naming each refused field.
   */
  assertAllowed(fields: { url?: string; eventTypes?: readonly string[] }): void {
    const details: ApiErrorDetail[] = [];
    if (fields.url !== undefined) {
      const check = validateWebhookUrl(fields.url, { allowPrivateAddresses: this.options.allowPrivateUrls });
      if (!check.ok) details.push({ field: 'url', message: urlRefusedMessage(check.reason) });
    }
    if (fields.eventTypes !== undefined) {
      for (const pattern of this.catalogue.unknownPatterns(fields.eventTypes)) {
        details.push({ field: 'event_types', message: unknownEventTypePatternMessage(pattern) });
      }
    }
    if (details.length > 0) throw new InvalidSubscriptionError(details);
  }
}
