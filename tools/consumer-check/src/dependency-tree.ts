import { run } from './command.js';

/** A node of `npm ls --json`. */
interface ListedPackage {
  version?: string;
  dependencies?: Record<string, ListedPackage>;
}

/**
 * Every version of each of `names` installed anywhere in the app at `appDir`, as `npm ls --all`
 * lists them (a package that a library and the app share appears once per version, `deduped`
 * elsewhere); a name that is not installed maps to an empty list.
 */
export async function installedVersions(
  appDir: string,
  names: readonly string[],
): Promise<Record<string, string[]>> {
  const listing = JSON.parse(await run('npm', ['ls', ...names, '--all', '--json'], appDir)) as ListedPackage;
  const found = Object.fromEntries(names.map((name) => [name, new Set<string>()]));
  const visit = (node: ListedPackage) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (found[name] && child.version) found[name].add(child.version);
      visit(child);
    }
  };
  visit(listing);
  return Object.fromEntries(Object.entries(found).map(([name, versions]) => [name, [...versions].sort()]));
}
