import { BadRequestException } from '@nestjs/common';

/** One page of a cursor-paginated list, as the API returns it. */
export interface Page<T> {
  data: T[];
  has_more: boolean;
  /** Pass as `cursor` to get the next page; null on the last page. */
  next_cursor: string | null;
}

/** Default page size of list endpoints. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page size a client may ask for. */
export const MAX_PAGE_SIZE = 200;

/**
 * Encodes the position after `lastId` as an opaque cursor. Lists are ordered by id (newest first or
 * oldest first, per endpoint), and ids are unique and time-ordered, so "strictly after this id" has no
 * gaps and no duplicates even while rows are added.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(JSON.stringify({ after: lastId }), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 * @throws BadRequestException when the cursor was not made by this API.
 */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { after?: unknown }).after === 'string') {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through to the error below
  }
  throw new BadRequestException({
    code: 'invalid_cursor',
    message: 'The cursor is not valid; use next_cursor from a previous page.',
    details: [{ field: 'cursor', message: 'cursor is not valid' }],
  });
}

/** Builds a page from `limit + 1` fetched rows: the extra row only tells whether there is more. */
export function toPage<T>(rows: T[], limit: number, idOf: (row: T) => string): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  return { data, has_more: hasMore, next_cursor: hasMore ? encodeCursor(idOf(data[data.length - 1])) : null };
}

/** Maps the items of a page, keeping its pagination fields. */
export function mapPage<T, U>(page: Page<T>, map: (row: T) => U): Page<U> {
  return { ...page, data: page.data.map(map) };
}
