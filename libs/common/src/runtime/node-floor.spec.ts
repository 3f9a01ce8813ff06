import { describe, expect, it } from '@jest/globals';
import { assertSupportedNode, MIN_NODE_VERSION, UnsupportedNodeError } from './node-floor.js';

describe('assertSupportedNode', () => {
  it.each(['22.19.0', '22.23.5', '24.21.0', '25.0.0'])('accepts Node.js %s', (version) => {
    expect(() => assertSupportedNode('@org/webhooks', version)).not.toThrow();
  });

  it.each(['20.20.2', '22.18.0', '22.9.0', '18.0.0'])(
    'refuses Node.js %s with one sentence naming both versions',
    (version) => {
      expect(() => assertSupportedNode('@org/webhooks', version)).toThrow(UnsupportedNodeError);
      expect(() => assertSupportedNode('@org/webhooks', version)).toThrow(
        `@org/webhooks needs Node.js ${MIN_NODE_VERSION} or newer (22 LTS from 22.19, or 24), but runs on Node.js ${version}: upgrade Node.js.`,
      );
    },
  );

  it('agrees with the engines field of every package', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    for (const lib of ['common', 'webhooks', 'ingest', 'console']) {
      const manifest = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', '..', '..', lib, 'package.json'), 'utf8'),
      ) as { engines: { node: string } };
      expect(manifest.engines.node).toBe(`>=${MIN_NODE_VERSION}`);
    }
  });
});
