import { InternalServerErrorException } from '@nestjs/common';
import { RAW_BODY_MISSING_AT_REQUEST } from '../ingest.messages.js';

/**
 * 500 when a JSON webhook arrives without its raw bytes: the host did not enable raw bodies. Normally
 * caught at start-up; this is the last line for adapters where the start-up check cannot run.
 */
export class RawBodyUnavailableException extends InternalServerErrorException {
  constructor() {
    super({ code: 'raw_body_unavailable', message: RAW_BODY_MISSING_AT_REQUEST });
  }
}
