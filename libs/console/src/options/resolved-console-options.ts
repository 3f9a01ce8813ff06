import { checkAuthorizeOption, OptionChecker, type AuthorizeOption, type ManagementMount } from '@org/common';
import { CONSOLE_DEFAULTS, CONSOLE_MODULE_NAME, MIN_PORTAL_KEY_BYTES } from '../console.constants.js';
import { CONSOLE_MESSAGES } from '../console.messages.js';
import { InvalidConsoleOptionsError } from '../errors/invalid-console-options.error.js';
import type { ConsoleModuleOptions } from './console-options.interface.js';

/** Token of the validated options, every default applied. */
export const RESOLVED_CONSOLE_OPTIONS = Symbol('RESOLVED_CONSOLE_OPTIONS');

/** `ConsoleModuleOptions` after validation: what the providers inject. */
export interface ResolvedConsoleOptions {
  /** Who may call the portal sessions API; `null` only when it is not mounted (`controllers: false`). */
  authorize: AuthorizeOption | null;
  portalSigningKey: Buffer;
  /** Keys of earlier tokens, accepted when verifying only. */
  previousPortalSigningKeys: Buffer[];
  defaultPortalTtlSeconds: number;
  maxPortalTtlSeconds: number;
  publicUrl: string | null;
  serveUi: boolean;
}

/**
 * Validates `options` and applies the defaults, once. `environment` is `NODE_ENV` (production refuses
 * `allowEveryoneInDevelopment`); `mount` says whether the controllers are mounted, which makes
 * `authorize` required.
 * @throws InvalidConsoleOptionsError naming every bad option.
 */
export function resolveConsoleOptions(
  options: ConsoleModuleOptions,
  environment = process.env.NODE_ENV,
  mount: ManagementMount = { controllers: true },
): ResolvedConsoleOptions {
  const check = new OptionChecker();
  const key = portalKey(check, 'portalSigningKey', options.portalSigningKey);
  const previous = options.previousPortalSigningKeys ?? [];
  if (!Array.isArray(previous))
    check.fail('previousPortalSigningKeys', 'must be an array of keys (Buffers or strings)');
  const previousKeys = Array.isArray(previous)
    ? previous.map((value: unknown, index) => portalKey(check, `previousPortalSigningKeys[${index}]`, value))
    : [];
  const defaultTtl = check.integer(
    'defaultPortalTtlSeconds',
    options.defaultPortalTtlSeconds,
    CONSOLE_DEFAULTS.defaultPortalTtlSeconds,
    1,
  );
  const maxTtl = check.integer(
    'maxPortalTtlSeconds',
    options.maxPortalTtlSeconds,
    CONSOLE_DEFAULTS.maxPortalTtlSeconds,
    1,
  );
  if (defaultTtl > maxTtl)
    check.fail('defaultPortalTtlSeconds', `must be at most maxPortalTtlSeconds (${maxTtl})`);
  const publicUrl = check.string('publicUrl', options.publicUrl, undefined, {
    test: (text) => /^https?:\/\/[^/]+$/.test(text),
    rule: CONSOLE_MESSAGES.publicUrlInvalid,
  });
  const serveUi = check.boolean('serveUi', options.serveUi, CONSOLE_DEFAULTS.serveUi);
  const authorize = checkAuthorizeOption(check, options.authorize, {
    controllers: mount.controllers,
    production: environment === 'production',
  });
  check.throwIfProblems((problems) => new InvalidConsoleOptionsError(CONSOLE_MODULE_NAME, problems));
  return {
    authorize,
    portalSigningKey: key,
    previousPortalSigningKeys: previousKeys,
    defaultPortalTtlSeconds: defaultTtl,
    maxPortalTtlSeconds: maxTtl,
    publicUrl: publicUrl ?? null,
    serveUi,
  };
}

/** A portal key given as a Buffer or a string (its UTF-8 bytes), at least `MIN_PORTAL_KEY_BYTES` long. */
function portalKey(check: OptionChecker, option: string, value: unknown): Buffer {
  const key =
    typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.isBuffer(value) ? value : Buffer.alloc(0);
  if (key.length < MIN_PORTAL_KEY_BYTES)
    check.fail(option, CONSOLE_MESSAGES.portalKeyTooShort(key.length, MIN_PORTAL_KEY_BYTES));
  return key;
}
