import type { Readable } from 'node:stream';

/** The start of a response body. */
export interface LimitedBody {
  text: string;
  truncated: boolean;
}

/**
 * Reads at most `limit` bytes of a body and decodes them as UTF-8 (a character cut in half at the
 * limit is dropped, not mangled). Past the limit the stream is destroyed instead of drained, so a
 * huge or endless answer costs `limit` bytes of memory; the connection is then not reused. If the
 * stream fails mid-way (deadline, reset), what arrived so far is kept.
 */
export async function readLimitedBody(body: Readable, limit: number): Promise<LimitedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      if (size + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        truncated = true;
        break; // leaving the loop destroys the stream
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } catch {
    truncated = true;
  }
  // stream: true holds back an incomplete trailing sequence instead of emitting U+FFFD.
  const text = new TextDecoder('utf-8').decode(Buffer.concat(chunks, size), { stream: truncated });
  return { text, truncated };
}
