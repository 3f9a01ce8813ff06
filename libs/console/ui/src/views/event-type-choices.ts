import type { EventType } from '../api.js';

/** An option of the picker: a type of the catalogue, or a wildcard pattern over a prefix. */
export interface Choice {
  value: string;
  description: string;
}

/** `deal.*` for every prefix of the known types (`deal.won` → `deal.*`), and `*`, before the types. */
export function choicesOf(types: EventType[]): Choice[] {
  const prefixes = new Map<string, number>();
  for (const type of types) {
    const parts = type.name.split('.');
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
    }
  }
  return [
    { value: '*', description: 'every event type' },
    ...[...prefixes]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([prefix, count]) => ({ value: `${prefix}.*`, description: `the ${count} ${prefix}.… types` })),
    ...types.map((type) => ({ value: type.name, description: type.description })),
  ];
}
