import { NotFoundException } from '@nestjs/common';

/** How much of a caller's id an error message repeats. */
export const MAX_ECHOED_ID_LENGTH = 64;

/**
 * A caller-supplied id as an error message may repeat it: cut to {@link MAX_ECHOED_ID_LENGTH}
 * characters (with `…`), so a 100 KB path segment is not echoed back whole.
 */
export function echoedId(id: string): string {
  return id.length > MAX_ECHOED_ID_LENGTH ? `${id.slice(0, MAX_ECHOED_ID_LENGTH)}…` : id;
}

/**
 * 404 `not_found` for a path parameter that cannot name anything (it holds control characters):
 * answered before any store sees it, since PostgreSQL refuses such text with an error.
 */
export class MalformedPathParameterException extends NotFoundException {
  constructor() {
    super({ code: 'not_found', message: 'Nothing has this id.' });
  }
}
