/**
 * How deeply objects and arrays may nest inside one JSON field of a request (`metadata`, event
 * `data`): `{"a":{"b":1}}` is 2 levels. Deep enough for any real payload, shallow enough that the
 * recursive code downstream (class-transformer, `JSON.stringify`, PostgreSQL's jsonb parser) never
 * runs out of stack. The walkers here are iterative, so they are safe on any input.
 */
export const MAX_JSON_DEPTH = 32;

/** C0 control characters (U+0000-U+001F) and DEL (U+007F): refused in every text field. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/;

/** True when `text` holds a control character ({@link CONTROL_CHARACTERS}). */
export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/**
 * True when `value` nests objects or arrays more than `maxDepth` levels deep. Walks with an explicit
 * stack (no recursion) and stops as soon as the limit is crossed, so a 100,000-level body costs 33 steps.
 */
export function exceedsJsonDepth(value: unknown, maxDepth: number = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/**
 * True when some string of `value` (a key or a value, at any depth) satisfies `test`. Iterative; for
 * bodies already known to be within {@link MAX_JSON_DEPTH} or not, it never recurses.
 */
export function someJsonString(value: unknown, test: (text: string) => boolean): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (test(current)) return true;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (test(key)) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/** True when a key or string of `value` holds U+0000 (which PostgreSQL text and jsonb cannot store). */
export function containsNul(value: unknown): boolean {
  return someJsonString(value, (text) => text.includes('\u0000'));
}

/**
 * A copy of a parsed JSON `value` with every string (keys too) passed through `map`, built without
 * recursion. Own keys are copied as data properties, so `__proto__` stays an ordinary key.
 */
export function mapJsonStrings<T>(value: T, map: (text: string) => string): T {
  const copyOf = (node: unknown): unknown => {
    if (typeof node === 'string') return map(node);
    if (Array.isArray(node)) return new Array<unknown>(node.length);
    if (node !== null && typeof node === 'object') return {};
    return node;
  };
  const root = copyOf(value);
  const pending: Array<{ from: object; to: Record<string, unknown> }> = [];
  if (root !== null && typeof root === 'object') pending.push({ from: value as object, to: root as never });
  while (pending.length > 0) {
    const { from, to } = pending.pop()!;
    for (const [key, child] of Object.entries(from)) {
      const copied = copyOf(child);
      const name = Array.isArray(from) ? key : map(key);
      Object.defineProperty(to, name, {
        value: copied,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (copied !== null && typeof copied === 'object')
        pending.push({ from: child as object, to: copied as never });
    }
  }
  return root as T;
}
