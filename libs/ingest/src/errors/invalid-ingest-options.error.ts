import { InvalidOptionsError, type OptionProblem } from '@org/common';
import { INGEST_MODULE_NAME } from '../ingest.constants.js';

/**
 * Thrown at start-up when options of `IngestModule.forRoot()` / `forRootAsync()` are wrong; the message
 * names every bad option (`IngestModule: sources.stripe.secrets: ...; retry.attempts: ...`).
 */
export class InvalidIngestOptionsError extends InvalidOptionsError {
  override name = 'InvalidIngestOptionsError';

  constructor(problems: readonly OptionProblem[]) {
    super(INGEST_MODULE_NAME, problems);
  }
}
