import { describe, expect, it } from '@jest/globals';
import { isStrictHost, requestOrigin } from './request-origin.js';

describe('isStrictHost', () => {
  it.each([
    'localhost',
    'localhost:3000',
    'hooks.example.com',
    'hooks.example.com.',
    'HOOKS.Example.COM:443',
    'xn--bcher-kva.example',
    '127.0.0.1',
    '127.0.0.1:65535',
    '[::1]',
    '[::1]:3000',
    '[2001:db8::1]:8080',
    '[::ffff:127.0.0.1]',
  ])('takes %j', (host) => {
    expect(isStrictHost(host)).toBe(true);
  });

  it.each([
    'evil.example"><x',
    'evil.example/<script>',
    'a b',
    'user@host',
    'host:',
    'host:65536',
    'host:80:80',
    'host:8o',
    '[::1',
    '[fe80::1%25eth0]',
    '[not-ipv6]',
    '::1',
    '-host',
    'host-.example',
    'a..b',
    'under_score.example',
    '',
    `${'a'.repeat(64)}.example`,
    `${'a.'.repeat(130)}example`,
  ])('refuses %j', (host) => {
    expect(isStrictHost(host)).toBe(false);
  });
});

describe('requestOrigin', () => {
  const socket = { localAddress: '127.0.0.1', localPort: 3000 };

  it('prefers the configured public URL whatever the request says', () => {
    expect(
      requestOrigin(
        { protocol: 'http', headers: { host: 'evil.example"><x' }, socket },
        'https://hooks.example.com',
      ),
    ).toBe('https://hooks.example.com');
  });

  it("takes a strict Host (the framework's reading first), with the request's protocol", () => {
    expect(requestOrigin({ protocol: 'https', headers: { host: 'api.example.com' }, socket })).toBe(
      'https://api.example.com',
    );
    expect(
      requestOrigin({ protocol: 'http', host: 'proxy.example:8443', headers: { host: 'x' }, socket }),
    ).toBe('http://proxy.example:8443');
  });

  it('falls back to the listening address for any other Host, or none', () => {
    expect(requestOrigin({ protocol: 'http', headers: { host: 'evil.example"><x' }, socket })).toBe(
      'http://127.0.0.1:3000',
    );
    expect(requestOrigin({ headers: {}, socket: { localAddress: '::1', localPort: 8080 } })).toBe(
      'http://[::1]:8080',
    );
    expect(
      requestOrigin({
        headers: { host: ['a', 'b'] },
        socket: { localAddress: '::ffff:10.0.0.2', localPort: 80 },
      }),
    ).toBe('http://10.0.0.2:80');
    expect(requestOrigin({ protocol: 'javascript', headers: { host: '<x>' } })).toBe('http://localhost');
  });
});
