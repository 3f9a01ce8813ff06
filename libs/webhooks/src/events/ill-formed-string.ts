/**
 * A surrogate code unit without its pair: what a JSON escape such as `"\ud800"` parses to
 * (`String.prototype.isWellFormed` is past this build's lib).
 */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * The dot path (`x`, `items.0.note`) of the first key or string of `value` that is not well-formed
 * UTF-16 (a lone surrogate, as the escape `"\ud800"` in a JSON body parses to), or `null` when there
 * is none. PostgreSQL's jsonb cannot hold such a string, so an event carrying one could never be
 * matched against a payload filter there; every store refuses it alike at publish. A key at fault is
 * named as itself, its lone surrogates shown as U+FFFD so that the answer stays well-formed. Walks with
 * an explicit stack: call it on data whose depth was checked or not, it never recurses.
 */
export function illFormedStringPath(value: unknown): string | null {
  const stack: Array<{ node: unknown; path: string[] }> = [{ node: value, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (typeof node === 'string') {
      if (LONE_SURROGATE.test(node)) return path.join('.');
    } else if (node !== null && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const at = [...path, key.replace(LONE_SURROGATES, '\uFFFD')];
        if (LONE_SURROGATE.test(key)) return at.join('.');
        stack.push({ node: child, path: at });
      }
    }
  }
  return null;
}
