import {
  FILTER_OPERATORS,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_DEPTH,
  MAX_FILTER_IN_ITEMS,
  MAX_FILTER_STRING_LENGTH,
} from './payload-filter.js';

/** An example filter for Swagger: large deals of the enterprise pipeline, test ones left out. */
export const PAYLOAD_FILTER_EXAMPLE = {
  'data.amount': { $gte: 1000 },
  'data.pipeline': { $in: ['enterprise', 'strategic'] },
  $not: { 'data.test': true },
};

/** What the `filter` field is, for Swagger (the language in short; docs/endpoints.md in full). */
export const PAYLOAD_FILTER_DESCRIPTION =
  'Payload filter: only events it matches are delivered (among those `event_types` covers). Keys are field paths ' +
  '(`type`, `data`, `data.<key>.<key>…`; no array indexing) or `$and`/`$or` (non-empty arrays of filters) and `$not` (a filter); ' +
  `several keys are ANDed. A field's condition is a string, number, boolean or null (equality) or an operator object: ${FILTER_OPERATORS.join(', ')} ` +
  '(`$gt`…`$lte` take numbers, `$in`/`$nin` arrays of scalars, `$exists` a boolean, `$startsWith` a string). A comparison holds only when every ' +
  "step of the path is an object holding the key and the value has the operand's JSON type (arrays are never looked into); " +
  `\`$ne\`/\`$nin\`/\`$not\` are negations, so a missing field satisfies them. Limits: ${MAX_FILTER_DEPTH} levels, ${MAX_FILTER_CONDITIONS} conditions, ` +
  `strings of ${MAX_FILTER_STRING_LENGTH} characters, ${MAX_FILTER_IN_ITEMS} \`$in\` items. Pings ignore it.`;
