import { readEventEnvelope } from '../formats/event-envelope.js';
import type { FilterableEvent, FilterNode, PayloadFilter } from './payload-filter.js';
import { matchesFilter } from './payload-filter.evaluator.js';
import { compileFilterPath } from './payload-filter.jsonpath.js';
import { parsePayloadFilter } from './payload-filter.parser.js';

/** Parsed filters by stored object: the in-memory fan-out judges many events against each. */
const parsedFilters = new WeakMap<PayloadFilter, FilterNode>();

/**
 * The parsed form of a stored filter (one the service checked before storing it).
 * @throws Error when the filter is not valid: a store was handed one nothing checked.
 */
export function parseStoredFilter(filter: PayloadFilter): FilterNode {
  let parsed = parsedFilters.get(filter);
  if (parsed === undefined) {
    const result = parsePayloadFilter(filter);
    if (!result.ok)
      throw new Error(
        `Invalid payload filter: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      );
    parsed = result.filter;
    parsedFilters.set(filter, parsed);
  }
  return parsed;
}

/** The `filter_path` column of a stored filter: its jsonpath predicate, or `null` without a filter. */
export function storedFilterPath(filter: PayloadFilter | null): string | null {
  return filter === null ? null : compileFilterPath(parseStoredFilter(filter));
}

/** Whether a subscription with this stored filter receives the event (`null`: every event). */
export function storedFilterMatches(filter: PayloadFilter | null, event: FilterableEvent): boolean {
  return filter === null || matchesFilter(parseStoredFilter(filter), event);
}

/**
 * {@link storedFilterMatches} for an event as stored (its type and body `{"id", "event",
 * "created_at", "data"}`), parsing the body only when there is a filter to judge.
 */
export function storedFilterMatchesPayload(
  filter: PayloadFilter | null,
  type: string,
  payload: string,
): boolean {
  return (
    filter === null ||
    matchesFilter(parseStoredFilter(filter), { type, data: readEventEnvelope(payload).data })
  );
}
