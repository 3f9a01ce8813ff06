/** A JSON Schema (draft 2020-12) object, as the catalogue keeps and serves it. */
export type JsonSchema = Record<string, unknown>;
