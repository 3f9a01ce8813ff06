/** A package.json, as far as packing cares; every other field is kept as it is. */
export interface Manifest {
  name?: string;
  version?: string;
  private?: boolean;
  main?: string;
  types?: string;
  typesVersions?: unknown;
  exports?: unknown;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** A package of this workspace, by what packing needs to know of it. */
export interface WorkspacePackage {
  version: string;
  /** Private packages (the tools, the app) are never published, so nothing shipped may need them. */
  private: boolean;
}

/**
 * The export condition that points the workspace's own tooling (tsc, Jest, Node with
 * `--conditions=@org/source`) at TypeScript sources. `src/` is not shipped, so in a package it would
 * only send a resolver that knows the condition to files that are not there.
 */
export const SOURCE_CONDITION = '@org/source';

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;
/** The only scripts npm runs for a package it installs as a dependency. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/**
 * The package.json to ship: the workspace's own with the entry points for TypeScript's `node10`
 * resolution ({@link legacyTypeEntryPoints}), without the {@link SOURCE_CONDITION}, without
 * `devDependencies` (they name unpublished workspace tools, and an installed package never uses
 * them) and without the scripts that build and test it here (they call workspace tools; npm runs
 * only install scripts of a dependency, and those are kept). Key order is kept, so the shipped file
 * reads like the source one.
 * @throws Error when the package depends on another workspace package other than at its exact
 * current version (a registry install would then get a different or no build of it), or on a
 * private one, which is never published.
 */
export function toPublishedManifest(
  manifest: Manifest,
  workspace: ReadonlyMap<string, WorkspacePackage>,
): Manifest {
  assertPublishableDependencies(manifest, workspace);
  const published: Manifest = {};
  for (const [field, value] of Object.entries(manifest)) {
    if (field === 'devDependencies') continue;
    if (field === 'exports') {
      const exports = withoutCondition(value);
      Object.assign(published, legacyTypeEntryPoints({ ...manifest, exports }), { exports });
    } else {
      published[field] = value;
    }
  }
  const scripts = Object.entries(manifest.scripts ?? {}).filter(([name]) => INSTALL_SCRIPTS.includes(name));
  if (scripts.length > 0) published.scripts = Object.fromEntries(scripts);
  else delete published.scripts;
  return published;
}

/**
 * `main`, `types` and `typesVersions` derived from `exports`, for TypeScript's `node10` resolution
 * (`moduleResolution: node`, deprecated in TypeScript 6 but still in older Nest apps), which ignores
 * `exports`: without them the package is not found at all there. Derived at pack time so they
 * cannot drift from `exports`; fields the manifest sets itself are kept.
 */
export function legacyTypeEntryPoints(manifest: Manifest): Partial<Manifest> {
  if (typeof manifest.exports !== 'object' || manifest.exports === null) return {};
  const exports = manifest.exports as Record<string, unknown>;
  const typesOf = (entry: unknown) => conditionTarget(entry, 'types');
  const subpaths = Object.entries(exports)
    .filter(([subpath, entry]) => subpath.startsWith('./') && !subpath.includes('*') && typesOf(entry))
    .map(([subpath, entry]) => [subpath.slice(2), [typesOf(entry)!]] as const);
  const root = exports['.'];
  return {
    ...(manifest.main === undefined && conditionTarget(root, 'default')
      ? { main: conditionTarget(root, 'default') }
      : {}),
    ...(manifest.types === undefined && typesOf(root) ? { types: typesOf(root) } : {}),
    ...(manifest.typesVersions === undefined && subpaths.length > 0
      ? { typesVersions: { '*': Object.fromEntries(subpaths) } }
      : {}),
  };
}

/** The target of `condition` in an exports entry (`{ types, default }` or a plain string for default). */
function conditionTarget(entry: unknown, condition: 'types' | 'default'): string | undefined {
  if (typeof entry === 'string') return condition === 'default' ? entry : undefined;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const target = (entry as Record<string, unknown>)[condition];
  return typeof target === 'string' ? target : undefined;
}

/** Every file path an `exports` map can resolve to, for checking that the build produced them. */
export function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (Array.isArray(exports)) return exports.flatMap(exportTargets);
  if (typeof exports === 'object' && exports !== null) return Object.values(exports).flatMap(exportTargets);
  return [];
}

/**
 * `exports` without the {@link SOURCE_CONDITION}. An entry point left with no condition at all was
 * the workspace's own (e.g. `./internal`, which the benchmarks import from sources): it is dropped,
 * so an installed package does not even name it.
 */
function withoutCondition(exports: unknown): unknown {
  if (Array.isArray(exports)) return exports.map(withoutCondition);
  if (typeof exports !== 'object' || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, value]) => [key, withoutCondition(value)])
      .filter(([, value]) => !isEmptyConditions(value)),
  );
}

function isEmptyConditions(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}

function assertPublishableDependencies(
  manifest: Manifest,
  workspace: ReadonlyMap<string, WorkspacePackage>,
): void {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      const sibling = workspace.get(name);
      if (!sibling) continue;
      if (sibling.private) problems.push(`${field}.${name}: ${name} is private and never published`);
      else if (spec !== sibling.version)
        problems.push(
          `${field}.${name} is "${spec}": workspace packages depend on each other at their exact version, "${sibling.version}"`,
        );
    }
  }
  if (problems.length > 0) {
    throw new Error(`${manifest.name ?? 'package.json'} cannot be packed:\n- ${problems.join('\n- ')}`);
  }
}
