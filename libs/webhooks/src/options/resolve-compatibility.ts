import { describeValue, OptionChecker } from '@org/common';
import { COMPATIBLE_SYSTEMS, type CompatibleSystem } from '../compatibility/compatible-systems.js';
import { WebhooksCompatibility } from '../compatibility/webhooks-compatibility.js';
import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { compatibilityProblemMessage } from '../webhooks.messages.js';

/**
 * The `compatibility` extra of `forRoot()` / `forRootAsync()`, checked when the module is built:
 * the controllers and DTO classes depend on it, so it cannot wait for the options provider.
 * `undefined` is none.
 * @throws InvalidWebhooksOptionsError for a value that is not an array, or names an unknown system,
 * e.g. `WebhooksModule: compatibility: unknown system "foo"; known: apex, rapidly, repull, rex`.
 */
export function resolveCompatibility(value: unknown): WebhooksCompatibility {
  if (value === undefined) return new WebhooksCompatibility();
  const check = new OptionChecker();
  const names: unknown[] = Array.isArray(value) ? value : [];
  if (!Array.isArray(value))
    check.fail(
      'compatibility',
      compatibilityProblemMessage(COMPATIBLE_SYSTEMS, { got: describeValue(value) }),
    );
  const unknown = names.filter((name) => !COMPATIBLE_SYSTEMS.includes(name as CompatibleSystem));
  if (unknown.length > 0)
    check.fail('compatibility', compatibilityProblemMessage(COMPATIBLE_SYSTEMS, { unknown }));
  check.throwIfProblems((problems) => new InvalidWebhooksOptionsError(problems));
  return new WebhooksCompatibility(names as CompatibleSystem[]);
}
