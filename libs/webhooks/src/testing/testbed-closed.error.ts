/** A `WebhooksTestbed` used after its application was closed. */
export class TestbedClosedError extends Error {
  constructor(method: string) {
    super(
      `WebhooksTestbed.${method}() was called after app.close(): the module it drives is shut down. ` +
        'Create the testing module again (e.g. in beforeEach) or close the app only after the last call.',
    );
    this.name = 'TestbedClosedError';
  }
}
