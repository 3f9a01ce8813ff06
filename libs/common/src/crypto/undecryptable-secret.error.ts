/**
 * A stored secret that no key of the ring opens (written under a key that is no longer given, or
 * altered). The message never carries the cipher's own text, so callers may record or show it; the
 * cipher's error stays available as `cause` for logs.
 */
export class UndecryptableSecretError extends Error {
  override name = 'UndecryptableSecretError';

  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
