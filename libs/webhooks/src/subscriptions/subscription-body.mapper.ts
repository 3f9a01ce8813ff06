import { decodeCursor } from '@org/common';
import type { WorkspaceScope } from '../storage/workspace-scope.js';
import type { CreateSubscriptionDto } from './dto/create-subscription.dto.js';
import type { ListSubscriptionsQueryDto } from './dto/list-subscriptions-query.dto.js';
import type { UpdateSubscriptionDto } from './dto/update-subscription.dto.js';
import {
  eventTypesOf,
  statusOf,
  type SubscriptionAliasFields,
} from '../compatibility/subscription-aliases.js';
import type { OAuth2UpdateDto } from './dto/oauth2.dto.js';
import type {
  CreateSubscriptionInput,
  OAuth2Input,
  UpdateSubscriptionInput,
} from './subscription-input.interface.js';
import { deliverySettingsOf } from './subscription.mapper.js';

/**
 * The name of a subscription created without one (seeds 001-004 never send `name`): the URL's
 * host, which is what a person would call it in a list.
 */
export function defaultSubscriptionName(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** A validated create body (ours, or the other systems' field names a module serves) in domain terms. */
export function toCreateSubscriptionInput(
  body: CreateSubscriptionDto & SubscriptionAliasFields,
): CreateSubscriptionInput {
  return {
    name: body.name ?? defaultSubscriptionName(body.url),
    url: body.url,
    secret: body.secret ?? undefined,
    eventTypes: eventTypesOf(body) ?? undefined,
    description: body.description ?? null,
    metadata: body.metadata ?? undefined,
    format: body.format,
    // `active: false` / `enabled: false` create a paused subscription.
    status: statusOf(body) === 'paused' ? 'paused' : undefined,
    settings: deliverySettingsOf(body),
    ...endpointCredentialsOf(body),
    filter: body.filter ?? null,
    oauth2: oauth2InputOf(body.oauth2),
  };
}

/** A validated update body (ours, or the other systems' field names a module serves) in domain terms. */
export function toUpdateSubscriptionInput(
  body: UpdateSubscriptionDto & SubscriptionAliasFields,
): UpdateSubscriptionInput {
  return {
    name: body.name,
    url: body.url,
    secret: body.secret,
    eventTypes: eventTypesOf(body),
    description: body.description,
    metadata: body.metadata,
    format: body.format,
    status: statusOf(body),
    settings: deliverySettingsOf(body),
    filter: body.filter,
    oauth2: oauth2InputOf(body.oauth2),
    ...endpointCredentialsOf(body),
  };
}

/** The `oauth2` of a body in domain terms (absent stays absent, `null` stays `null`). */
function oauth2InputOf(body: OAuth2UpdateDto | null | undefined): OAuth2Input | null | undefined {
  if (!body) return body;
  return {
    tokenUrl: body.token_url,
    clientId: body.client_id,
    clientSecret: body.client_secret,
    scope: body.scope ?? null,
    audience: body.audience ?? null,
  };
}

/** `headers` and `tls` of a body in domain terms (absent stays absent, `null` stays `null`). */
function endpointCredentialsOf(body: {
  headers?: Record<string, string> | null;
  tls?: { client_cert: string; client_key: string; ca?: string | null } | null;
}): Pick<CreateSubscriptionInput, 'headers' | 'tls'> {
  const { headers, tls } = body;
  return {
    headers,
    tls: tls && { clientCert: tls.client_cert, clientKey: tls.client_key, ca: tls.ca ?? null },
  };
}

/** A validated list query (`status`, `cursor`, `limit`) as `SubscriptionsService.list` takes it. */
export function toSubscriptionListQuery(query: ListSubscriptionsQueryDto, scope: WorkspaceScope) {
  return { scope, status: query.status, after: decodeCursor(query.cursor), limit: query.limit };
}
