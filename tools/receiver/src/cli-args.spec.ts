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
      tls: null,
      oauth2Clients: [],
      tokenLifetimeSeconds: 300,
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
      '--tls-cert',
      'server.crt',
      '--tls-key',
      'server.key',
      '--client-ca',
      'ca.pem',
      '--oauth2-client',
      'webhooks-sender:cs_1:2',
      '--oauth2-client',
      'other:cs_3',
      '--token-lifetime',
      '30s',
    ]);
    expect(settings).toMatchObject({
      port: 0,
      secrets: ['whsec_a', 'whsec_b'],
      status: { kind: 'random', failureRate: 0.3 },
      delayMs: 2000,
      signatureHeader: 'X-Sig',
      toleranceSeconds: null,
      rejectInvalid: true,
      tls: { certFile: 'server.crt', keyFile: 'server.key', clientCaFile: 'ca.pem' },
      oauth2Clients: [
        { id: 'webhooks-sender', secret: 'cs_1:2' },
        { id: 'other', secret: 'cs_3' },
      ],
      tokenLifetimeSeconds: 30,
    });
  });

  it('names the bad option', () => {
    expect(() => parseCliArgs(['--port', 'x'])).toThrow('--port: "x" is not a port number');
    expect(() => parseCliArgs(['--status', '2000'])).toThrow(/--status: "2000" is not a status/);
    expect(() => parseCliArgs(['--status', 'random:1.5'])).toThrow(/failure rate/);
    expect(() => parseCliArgs(['--delay', '2 hours'])).toThrow(/--delay: "2 hours" is not a duration/);
    expect(() => parseCliArgs(['--nope'])).toThrow(/nope/);
    expect(() => parseCliArgs(['--tls-cert', 'server.crt'])).toThrow(/--tls-cert and --tls-key go together/);
    expect(() => parseCliArgs(['--client-ca', 'ca.pem'])).toThrow(
      /--client-ca: client certificates need HTTPS/,
    );
    expect(() => parseCliArgs(['--oauth2-client', 'webhooks-sender'])).toThrow(
      '--oauth2-client: "webhooks-sender" is not <client id>:<client secret>',
    );
    expect(() => parseCliArgs(['--token-lifetime', '500ms'])).toThrow('--token-lifetime: at least 1s');
  });

  it('parses durations and statuses', () => {
    expect(['250', '250ms', '2s', '1.5m'].map(parseDuration)).toEqual([250, 250, 2000, 90_000]);
    expect(parseStatusChoice('503')).toEqual({ kind: 'fixed', status: 503 });
    expect(parseStatusChoice('random:.25')).toEqual({ kind: 'random', failureRate: 0.25 });
  });
});
