/**
 * True when a subscription pattern matches an event type: `*` matches everything, `deal.*` matches
 * `deal.won` and `deal.won.big` (any type under `deal.`), anything else matches itself only. Same
 * rule as the SQL function `webhooks_type_patterns`.
 */
export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** True when any of `patterns` matches `type`. */
export function matchesAnyEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((pattern) => matchesEventType(pattern, type));
}
