import type { OptionChecker } from '@org/common';
import { RESERVED_SOURCE_NAMES, SOURCE_NAME_PATTERN } from '../ingest.constants.js';
import { BUILT_IN_SOURCES, sourceKinds } from '../source-kinds/source-kinds.js';
import type { ResolvedIngestOptions } from './resolved-ingest-options.js';

type ResolvedSources = ResolvedIngestOptions['sources'];

/** The groups of `sources`: one per configurable kind, then the host's own verifiers. */
const SOURCE_GROUPS = [
  ...sourceKinds().flatMap(([, kind]) => (kind.configured ? [kind.configured.key] : [])),
  'custom',
];

/** Validates `sources` and merges each source's defaults, each kind through its registry entry. */
export function resolveSources(value: unknown, check: OptionChecker): ResolvedSources {
  const sources: ResolvedSources = { hmac: {}, standardWebhooks: {}, custom: {} };
  if (value === undefined) return sources;
  if (!check.object('sources', value)) return sources;
  check.knownKeys('sources.', value, SOURCE_GROUPS);
  // Keyed by each kind's own group; the types of ResolvedSources name them one by one.
  const groups = sources as unknown as Record<string, unknown>;
  const names = new Set<string>(BUILT_IN_SOURCES);
  for (const [, { configured }] of sourceKinds()) {
    if (!configured) continue;
    const path = `sources.${configured.key}`;
    const given = value[configured.key];
    if (configured.shape === 'single') {
      const resolved = given === undefined ? undefined : configured.resolve(given, path, check);
      if (resolved !== undefined) groups[configured.key] = resolved;
      continue;
    }
    const byName: Record<string, unknown> = {};
    for (const [name, options] of namedSources(given, path, names, check)) {
      const resolved = configured.resolve(options, `${path}.${name}`, check);
      if (resolved !== undefined) byName[name] = resolved;
    }
    groups[configured.key] = byName;
  }
  for (const [name, verifier] of namedSources(value.custom, 'sources.custom', names, check)) {
    const isClass = typeof verifier === 'function';
    if (isClass || check.implementation(`sources.custom.${name}`, verifier, ['verify', 'parse'])) {
      sources.custom[name] = verifier as ResolvedSources['custom'][string];
    }
  }
  return sources;
}

/** The entries of a by-name group, refusing bad and repeated names (names are URL segments and keys). */
function namedSources(
  group: unknown,
  path: string,
  taken: Set<string>,
  check: OptionChecker,
): [string, unknown][] {
  if (group === undefined || !check.object(path, group)) return [];
  return Object.entries(group).filter(([name]) => {
    if (!SOURCE_NAME_PATTERN.test(name)) {
      check.fail(`${path}.${name}`, 'has a bad name: use lower-case letters, digits, - and _ (max 63)');
      return false;
    }
    if ((RESERVED_SOURCE_NAMES as readonly string[]).includes(name)) {
      check.fail(
        `${path}.${name}`,
        `is a reserved name (${RESERVED_SOURCE_NAMES.join(', ')} are paths of the outbound webhooks API)`,
      );
      return false;
    }
    if (taken.has(name)) {
      check.fail(`${path}.${name}`, 'reuses a source name that is already taken');
      return false;
    }
    taken.add(name);
    return true;
  });
}
