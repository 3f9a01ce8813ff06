/** The test bed was used after its application (or testing module) was closed. */
export class IngestTestbedClosedError extends Error {
  /** `IngestTestbedClosedError`, for logs. */
  override readonly name = 'IngestTestbedClosedError';
}
