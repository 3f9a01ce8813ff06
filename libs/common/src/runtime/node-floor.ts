/**
 * The oldest Node.js the libraries run on: undici 8 (their HTTP client) needs 22.19, and below it
 * fails inside undici at import (`Cannot read properties of undefined (reading 'bind')` on Node 20)
 * rather than with a word about Node. Kept equal to `engines.node` of every package.
 */
export const MIN_NODE_VERSION = '22.19.0';

/** A Node.js older than {@link MIN_NODE_VERSION}; its message names both versions. */
export class UnsupportedNodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedNodeError';
  }
}

/**
 * Refuses a Node.js older than {@link MIN_NODE_VERSION} with one sentence naming the version found and
 * the one needed. Each library's entry points run it first (`import './node-floor.check.js'`), before
 * any module that would fail on an older Node is evaluated; this file imports nothing for that reason.
 * @param who the package, for the message (e.g. `@org/webhooks`)
 * @param found the version to judge, `process.versions.node` by default
 * @throws UnsupportedNodeError
 */
export function assertSupportedNode(who: string, found: string = process.versions.node): void {
  if (compareVersions(found, MIN_NODE_VERSION) < 0)
    throw new UnsupportedNodeError(
      `${who} needs Node.js ${MIN_NODE_VERSION} or newer (22 LTS from 22.19, or 24), but runs on Node.js ${found}: ` +
        'upgrade Node.js.',
    );
}

/** Compares dotted numeric versions (`22.9.0` < `22.19.0`); missing parts count as 0. */
function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
