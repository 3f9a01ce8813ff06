/**
 * Raised when a feature the host asked for needs an optional peer package that is not installed;
 * the message names the package and the command that installs it.
 */
export class MissingPeerError extends Error {
  override name = 'MissingPeerError';

  constructor(
    /** The package to install, e.g. `prom-client`. */
    readonly packageName: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is Node's "module not found" for `packageName` itself (a package that is installed
 * but fails to load, or misses one of its own dependencies, is another failure and is not hidden).
 */
export function isMissingPackage(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const text = String(error);
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(text);
  return notFound && (text.includes(`'${packageName}'`) || text.includes(`"${packageName}"`));
}

/**
 * Imports an optional peer package, or `null` when it is not installed. The import is a function
 * of the caller's (`() => import('prom-client')`) so that bundlers and TypeScript see the literal
 * specifier; it runs when the feature is first needed, never when an entry point is imported.
 */
export async function importOptionalPeer<T>(
  packageName: string,
  importer: () => Promise<T>,
): Promise<T | null> {
  try {
    return await importer();
  } catch (error) {
    if (isMissingPackage(error, packageName)) return null;
    throw error;
  }
}
