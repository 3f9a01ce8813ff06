import type { EventTypeDefinition } from '../options/webhooks-options.interface.js';
import type { EventTypeDto } from './dto/event-type.dto.js';

/** A catalogue entry as the API answers it: `schema` and `example` always present, `null` when none. */
export function toEventTypeDto({ name, description, schema, example }: EventTypeDefinition): EventTypeDto {
  return { name, description, schema: schema ?? null, example: example ?? null };
}
