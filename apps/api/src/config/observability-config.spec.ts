import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './app-config.js';
import { loadObservabilityConfig } from './observability-config.js';

describe('loadObservabilityConfig', () => {
  it('logs JSON in production and pretty elsewhere, at info, with no metrics port and no traceparent', () => {
    expect(loadObservabilityConfig({}, 'production')).toEqual({
      logFormat: 'json',
      logLevel: 'info',
      metricsPort: null,
      traceparentHeader: false,
    });
    expect(loadObservabilityConfig({}, 'development').logFormat).toBe('pretty');
  });

  it('reads every setting', () => {
    expect(
      loadObservabilityConfig(
        { LOG_FORMAT: 'JSON', LOG_LEVEL: 'debug', METRICS_PORT: '9464', WEBHOOKS_TRACEPARENT: 'true' },
        'development',
      ),
    ).toEqual({ logFormat: 'json', logLevel: 'debug', metricsPort: 9464, traceparentHeader: true });
  });

  it.each([
    ['LOG_FORMAT', 'xml', 'must be one of json, pretty'],
    ['LOG_LEVEL', 'loud', 'must be one of trace, debug, info, warn, error, fatal, silent'],
    ['METRICS_PORT', '70000', 'is not a port number'],
    ['WEBHOOKS_TRACEPARENT', 'maybe', 'is not a boolean'],
  ])('refuses a bad %s (%j), naming it', (setting, value, problem) => {
    const load = () => loadObservabilityConfig({ [setting]: value }, 'production');
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`Invalid setting ${setting}: "${value}" ${problem}`);
  });
});
