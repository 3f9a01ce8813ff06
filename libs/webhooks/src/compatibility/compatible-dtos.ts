import type { Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  FAILED_PING_EXAMPLE,
  PingFailedResponseDto,
  PingResponseDto,
  PingResultDto,
} from '../delivery-api/dto/ping.dto.js';
import { DeliveriesQueryDto } from '../delivery-api/dto/list-deliveries-query.dto.js';
import { CreateSubscriptionDto } from '../subscriptions/dto/create-subscription.dto.js';
import {
  SubscriptionPageDto,
  SubscriptionResponseDto,
  SubscriptionWithSecretResponseDto,
} from '../subscriptions/dto/subscription-responses.dto.js';
import { SubscriptionDto } from '../subscriptions/dto/subscription.dto.js';
import { UpdateSubscriptionDto } from '../subscriptions/dto/update-subscription.dto.js';
import { decoratedSubclass, withAliasProperties } from './alias-properties.js';
import { DELIVERY_FILTER_ALIASES } from './delivery-filter-aliases.js';
import { PING_RESULT_ALIASES, pingResultAliases } from './ping-aliases.js';
import {
  SUBSCRIPTION_ANSWER_ALIASES,
  SUBSCRIPTION_BODY_ALIASES,
  UPDATE_SUBSCRIPTION_ALIASES,
} from './subscription-aliases.dto.js';
import type { WebhooksCompatibility } from './webhooks-compatibility.js';

/**
 * The DTO classes of the routes whose fields depend on the module's `compatibility`: bodies and
 * queries (validated by the global pipe, so a field the module does not serve is an unknown field)
 * and answers (documented by Swagger). By default each is the canonical class itself.
 */
export interface CompatibleDtos {
  createSubscription: Type<CreateSubscriptionDto>;
  updateSubscription: Type<UpdateSubscriptionDto>;
  subscriptionResponse: Type<SubscriptionResponseDto>;
  subscriptionWithSecretResponse: Type<SubscriptionWithSecretResponseDto>;
  subscriptionPage: Type<SubscriptionPageDto>;
  deliveriesQuery: Type<DeliveriesQueryDto>;
  pingResponse: Type<PingResponseDto>;
  pingFailedResponse: Type<PingFailedResponseDto>;
}

/** The result behind {@link FAILED_PING_EXAMPLE}, for its alias fields. */
const FAILED_PING = {
  ok: false,
  httpStatus: FAILED_PING_EXAMPLE.http_status,
  durationMs: FAILED_PING_EXAMPLE.duration_ms,
};

/** The module's DTO classes for `compatibility` (see {@link CompatibleDtos}). */
export function compatibleDtos(compatibility: WebhooksCompatibility): CompatibleDtos {
  const subscription = withAliasProperties(SubscriptionDto, SUBSCRIPTION_ANSWER_ALIASES, compatibility);
  const pingResult = withAliasProperties(PingResultDto, PING_RESULT_ALIASES, compatibility);
  const failedPing = { ...FAILED_PING_EXAMPLE, ...pingResultAliases(FAILED_PING, compatibility) };
  return {
    createSubscription: withAliasProperties(CreateSubscriptionDto, SUBSCRIPTION_BODY_ALIASES, compatibility),
    updateSubscription: withAliasProperties(
      UpdateSubscriptionDto,
      UPDATE_SUBSCRIPTION_ALIASES,
      compatibility,
    ),
    subscriptionResponse: withData(SubscriptionResponseDto, SubscriptionDto, subscription),
    subscriptionWithSecretResponse: withData(
      SubscriptionWithSecretResponseDto,
      SubscriptionDto,
      subscription,
    ),
    subscriptionPage: withData(SubscriptionPageDto, SubscriptionDto, subscription, { isArray: true }),
    deliveriesQuery: withAliasProperties(DeliveriesQueryDto, DELIVERY_FILTER_ALIASES, compatibility),
    pingResponse: withData(PingResponseDto, PingResultDto, pingResult),
    pingFailedResponse: withData(PingFailedResponseDto, PingResultDto, pingResult, { example: failedPing }),
  };
}

/** `wrapper` itself, or when the module's item class is not `canonical` a subclass whose `data` is it. */
function withData<T>(
  wrapper: Type<T>,
  canonical: Type,
  item: Type,
  options: ApiPropertyOptions = {},
): Type<T> {
  if (item === canonical) return wrapper;
  return decoratedSubclass(wrapper, {
    data: [ApiProperty({ ...options, type: item } as ApiPropertyOptions)],
  });
}
