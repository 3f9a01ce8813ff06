import { Inject, Injectable } from '@nestjs/common';
import type { ApiErrorDetail } from '@org/common';
import { InvalidSubscriptionException } from '../errors/invalid-subscription.exception.js';
import { EventTypeCatalogue } from '../events/event-type.catalogue.js';
import {
  RESOLVED_WEBHOOKS_OPTIONS,
  type ResolvedWebhooksOptions,
} from '../options/resolved-webhooks-options.js';
import { parsePayloadFilter } from '../filters/payload-filter.parser.js';
import { validateWebhookUrl } from '../transport/webhook-url.validator.js';
import { checkClientTls, type ClientTlsInput } from './client-certificate.check.js';
import { customHeaderProblems } from './custom-headers.rules.js';
import { unknownEventTypePatternMessage, urlRefusedMessage } from '../webhooks.messages.js';

/** The subscription fields {@link SubscriptionPolicy} judges; absent ones are not checked. */
export interface SubscriptionPolicyFields {
  url?: string;
  eventTypes?: readonly string[];
  /** Custom headers as given (any JSON: the checks name what is wrong); `null`: removed. */
  headers?: unknown;
  /** The client certificate as given; `null`: removed. */
  tls?: ClientTlsInput | null;
  /** The subscription sends an OAuth2 token (which owns `authorization`). */
  oauth2?: boolean;
  /** A payload filter as given (`null` and absent: none to check). */
  filter?: unknown;
  /** The OAuth2 token endpoint (`oauth2.token_url`), judged by the same rules as `url`. */
  oauth2TokenUrl?: string;
}

/**
 * The checks on subscription fields that depend on this module's configuration: the URL policy
 * (`allowPrivateUrls`, whose refusals name `privateUrlsSettingName`) and the event type catalogue; and
 * the payload filter's language, whose problems are many per field, each named by its path
 * (`filter.data.amount.$gte`), which a DTO validator cannot say. Syntax is the DTOs' job; this judges well-formed
 * values. The service asserts it (so hosts calling `SubscriptionsService` directly are guarded too),
 * and the HTTP API also reports its problems together with the DTO's (`SubscriptionBodyPolicy`).
 */
@Injectable()
export class SubscriptionPolicy {
  constructor(
    private readonly catalogue: EventTypeCatalogue,
    @Inject(RESOLVED_WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
  ) {}

  /**
   * Every problem with the given fields, one detail each (named by their API field); `[]` when
   * allowed. A client certificate must be valid at `now`.
   */
  problems(fields: SubscriptionPolicyFields, now: Date): ApiErrorDetail[] {
    const details: ApiErrorDetail[] = [];
    if (fields.url !== undefined) details.push(...this.urlProblems('url', fields.url));
    if (fields.oauth2TokenUrl !== undefined)
      details.push(...this.urlProblems('oauth2.token_url', fields.oauth2TokenUrl));
    if (fields.eventTypes !== undefined) {
      for (const pattern of this.catalogue.unknownPatterns(fields.eventTypes)) {
        details.push({ field: 'event_types', message: unknownEventTypePatternMessage(pattern) });
      }
    }
    if (fields.headers !== undefined && fields.headers !== null) {
      const rules = { signatureHeader: this.options.signatureHeader, oauth2: fields.oauth2 };
      details.push(...customHeaderProblems(fields.headers, rules));
    }
    if (fields.tls !== undefined && fields.tls !== null) {
      const check = checkClientTls(fields.tls, now);
      if (!check.ok) details.push(...check.problems);
    }
    if (fields.filter !== undefined && fields.filter !== null) {
      const parsed = parsePayloadFilter(fields.filter);
      if (!parsed.ok) details.push(...parsed.problems);
    }
    return details;
  }

  /** The destination policy's verdict on one URL field: nothing, or one detail naming it. */
  private urlProblems(field: string, url: string): ApiErrorDetail[] {
    const check = validateWebhookUrl(url, { allowPrivateAddresses: this.options.allowPrivateUrls });
    if (check.ok) return [];
    const allowedWithPrivateUrls =
      !this.options.allowPrivateUrls && validateWebhookUrl(url, { allowPrivateAddresses: true }).ok;
    const privateUrls = allowedWithPrivateUrls
      ? { settingName: this.options.privateUrlsSettingName }
      : undefined;
    return [{ field, message: urlRefusedMessage(check.reason, privateUrls) }];
  }

  /**
   * Checks the given fields, reporting every problem at once.
   * @throws InvalidSubscriptionException naming each refused field.
   */
  assertAllowed(fields: SubscriptionPolicyFields, now: Date): void {
    const details = this.problems(fields, now);
    if (details.length > 0) throw new InvalidSubscriptionException(details);
  }
}
