/** The parts of a delivered event body (`{id, event, created_at, data}`) a chat message shows. */
export interface EventEnvelope {
  id: string;
  event: string;
  createdAt: string;
  data: unknown;
}

/** Reads the stored body of an event; the library wrote it, so it is always this shape. */
export function readEventEnvelope(payload: string): EventEnvelope {
  const parsed = JSON.parse(payload) as { id: string; event: string; created_at: string; data: unknown };
  return { id: parsed.id, event: parsed.event, createdAt: parsed.created_at, data: parsed.data };
}

/** `data` as indented JSON, cut to `max` characters (chat services refuse longer texts). */
export function dataPreview(data: unknown, max: number): string {
  const text = JSON.stringify(data, null, 2) ?? 'null';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
