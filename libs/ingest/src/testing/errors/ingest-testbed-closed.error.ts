/** The test bed was used after its application (or testing module) was closed. */
export class IngestTestbedClosedError extends Error {
  override readonly name = 'IngestTestbedClosedError';
}
