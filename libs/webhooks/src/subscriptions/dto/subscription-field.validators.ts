import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsString,
  Matches,
  MaxLength,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import { validateWebhookUrl } from '../../transport/webhook-url.validator.js';
import {
  EVENT_TYPE_PATTERN,
  MAX_EVENT_TYPE_LENGTH,
  MAX_EVENT_TYPES_PER_SUBSCRIPTION,
  MAX_METADATA_BYTES,
  MAX_METADATA_KEYS,
} from '../../webhooks.constants.js';
import { EVENT_TYPE_PATTERN_RULE } from './subscription-examples.js';

/**
 * A list of 1-{@link MAX_EVENT_TYPES_PER_SUBSCRIPTION} event type patterns, for `event_types` and
 * its alias `events` alike (messages name the field actually sent).
 * @example
 * @IsEventTypePatternList()
 * event_types?: string[];
 */
export function IsEventTypePatternList(): PropertyDecorator {
  return (target, propertyName) => {
    const rules: PropertyDecorator[] = [
      IsArray(),
      ArrayMinSize(1),
      ArrayMaxSize(MAX_EVENT_TYPES_PER_SUBSCRIPTION),
      IsString({ each: true }),
      MaxLength(MAX_EVENT_TYPE_LENGTH, { each: true }),
      Matches(EVENT_TYPE_PATTERN, {
        each: true,
        message: `${String(propertyName)} must contain ${EVENT_TYPE_PATTERN_RULE}`,
      }),
    ];
    for (const rule of rules) rule(target, propertyName);
  };
}

/**
 * The URL checks that hold whatever the module's policy: an absolute http(s) URL without credentials,
 * not to an address refused always (link-local, cloud metadata). The service then applies the policy
 * (https only, no private addresses, unless `allowPrivateUrls`).
 * @example
 * @IsWebhookUrl()
 * url!: string;
 */
export function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && validateWebhookUrl(value, { allowPrivateAddresses: true }).ok,
        defaultMessage: (args) => {
          if (typeof args?.value !== 'string') return `${args?.property} must be a string`;
          const check = validateWebhookUrl(args.value, { allowPrivateAddresses: true });
          return `${args.property} ${check.ok ? 'is not allowed' : check.reason}`;
        },
      },
    });
}

/**
 * A JSON object of at most {@link MAX_METADATA_KEYS} keys and {@link MAX_METADATA_BYTES} bytes serialized.
 * @example
 * @IsSubscriptionMetadata()
 * metadata?: Record<string, unknown>;
 */
export function IsSubscriptionMetadata(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isSubscriptionMetadata',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => metadataProblem(value) === null,
        defaultMessage: (args) => `${args?.property} ${metadataProblem(args?.value)}`,
      },
    });
}

function metadataProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
  if (Object.keys(value).length > MAX_METADATA_KEYS) return `must have at most ${MAX_METADATA_KEYS} keys`;
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_METADATA_BYTES)
    return `must be at most ${MAX_METADATA_BYTES} bytes as JSON`;
  return null;
}
