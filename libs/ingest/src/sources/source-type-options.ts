import type { OptionChecker } from '@org/common';
import { secretProblem } from '../options/source-option-checks.js';
import type { SourceKind } from '../source-kinds/source-kind.interface.js';
import { sourceKind, type InboundSourceType } from '../source-kinds/source-kinds.js';

/** A source's kind with the verifier options it resolved to, kept together to build its verifier. */
export interface SourceVerifierOptions {
  type: InboundSourceType;
  kind: SourceKind<unknown>;
  options: unknown;
}

/**
 * Validates a source's type options (snake_case, under `options`) and its secrets, and resolves the
 * verifier options with every default applied. Problems are recorded on `check` as `options.<key>`
 * and `secret`, so the API names each bad field.
 */
export function resolveSourceVerifierOptions(
  type: InboundSourceType,
  options: Record<string, unknown>,
  secrets: string[],
  check: OptionChecker,
): SourceVerifierOptions {
  const kind = sourceKind(type);
  for (const secret of secrets) {
    const problem = secretProblem(kind.secret.shape, secret);
    if (problem) check.fail('secret', problem);
  }
  // Common to every type: checked here, applied by the gateway (see sourceBodyLimit).
  const { max_body_bytes: maxBodyBytes, ...typeOptions } = options;
  if (maxBodyBytes !== undefined) check.integer('options.max_body_bytes', maxBodyBytes, 1, 1);
  check.knownKeys('options.', typeOptions, kind.optionKeys);
  return { type, kind, options: kind.resolveCreated(typeOptions, secrets, check) };
}

/**
 * The largest body a source accepts: its `max_body_bytes` option, capped by the module's
 * `maxBodyBytes` (which the host's body parser enforces first anyway).
 */
export function sourceBodyLimit(options: Record<string, unknown>, moduleLimit: number): number {
  const own = options.max_body_bytes;
  return typeof own === 'number' && Number.isInteger(own) && own > 0
    ? Math.min(own, moduleLimit)
    : moduleLimit;
}
