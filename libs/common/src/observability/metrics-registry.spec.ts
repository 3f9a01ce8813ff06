import { describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { MissingPeerError } from '../peers/optional-peer.js';
import { openMetricsRegistry } from './metrics-registry.js';

describe('openMetricsRegistry', () => {
  const logged: string[] = [];
  const logger = { log: (message: unknown) => void logged.push(String(message)) };
  const withoutPromClient = async () => null;

  it("puts the metrics in the host's registry, or in one of the module's own", async () => {
    const host = new Registry();
    expect((await openMetricsRegistry(host, 'WebhooksModule', logger))?.registry).toBe(host);
    const own = await openMetricsRegistry(null, 'WebhooksModule', logger);
    expect(own?.registry).toBeInstanceOf(Registry);
    expect(own?.registry).not.toBe(host);
    expect(logged).toEqual([]);
  });

  it('counts nothing without prom-client, and says so once', async () => {
    expect(await openMetricsRegistry(null, 'IngestModule', logger, withoutPromClient)).toBeNull();
    expect(logged).toEqual([
      'IngestModule: metrics off (prom-client is not installed; npm install prom-client to count them)',
    ]);
  });

  it('refuses a metricsRegistry when prom-client cannot be loaded, naming the package', async () => {
    const refusal = openMetricsRegistry(new Registry(), 'IngestModule', logger, withoutPromClient);
    await expect(refusal).rejects.toThrow(MissingPeerError);
    await expect(refusal).rejects.toThrow(
      'IngestModule: metricsRegistry needs the prom-client package, which is not installed: npm install prom-client',
    );
  });
});
