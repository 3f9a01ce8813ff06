import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from './cli-args.js';
import { parseDuration, parseStatusChoice } from './responses.js';

describe('receiver CLI arguments', () => {
  it('has defaults', () => {
    expect(parseCliArgs([])).toEqual({
      port: 4000,
      host: '127.0.0.1',
      secrets: [],
      signatureHeader: 'X-Rex-Signature',
      status: { kind: 'fixed', status: 200 },
      delayMs: 0,
      toleranceSeconds: 300,
      rejectInvalid: false,
      help: false,
    });
  });

  it('reads every option, secrets repeated', () => {
    const settings = parseCliArgs([
      '--port',
      '0',
      '--secret',
      'whsec_a',
      '--secret',
      'whsec_b',
      '--status',
      'random:0.3',
      '--delay',
      '2s',
      '--header',
      'X-Sig',
      '--tolerance',
      '0',
      '--reject-invalid',
    ]);
    expect(settings).toMatchObject({
      port: 0,
      secrets: ['whsec_a', 'whsec_b'],
      status: { kind: 'random', failureRate: 0.3 },
      delayMs: 2000,
      signatureHeader: 'X-Sig',
      toleranceSeconds: null,
      rejectInvalid: true,
    });
  });

  it('names the bad option', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow('--port: "x" is not a port number');
    expect(() => parseCliArgs(['--status', '2000'])).toThrow(/--status: "2000" is not a status/);
    expect(() => parseCliArgs(['--status', 'random:1.5'])).toThrow(/failure rate/);
    expect(() => parseCliArgs(['--delay', '2 hours'])).toThrow(/--delay: "2 hours" is not a duration/);
    expect(() => parseCliArgs(['--nope'])).toThrow(/nope/);
  });

  it('parses durations and statuses', () => {
    expect(['250', '250ms', '2s', '1.5m'].map(parseDuration)).toEqual([250, 250, 2000, 90_000]);
    expect(parseStatusChoice('503')).toEqual({ kind: 'fixed', status: 503 });
    expect(parseStatusChoice('random:.25')).toEqual({ kind: 'random', failureRate: 0.25 });
  });
});
