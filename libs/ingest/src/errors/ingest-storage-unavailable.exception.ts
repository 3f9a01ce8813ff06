import { ServiceUnavailableException } from '@nestjs/common';
import { STORAGE_RETRY_AFTER_SECONDS } from '../ingest.constants.js';

/**
 * 503 with `Retry-After` when a verified webhook cannot be stored (the database is down or
 * refusing): senders retry later, and nothing is acknowledged that was not stored.
 */
export class IngestStorageUnavailableException extends ServiceUnavailableException {
  /** Read by the error envelope filter into the `Retry-After` header. */
  readonly retryAfterSeconds = STORAGE_RETRY_AFTER_SECONDS;

  constructor(cause: unknown) {
    super(
      {
        code: 'storage_unavailable',
        message: 'The webhook could not be stored right now; retry later.',
      },
      { cause },
    );
  }
}
