/** Start-up failure: the module's options or the host application's set-up cannot work. */
export class IngestConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestConfigurationError';
  }
}
