import { describe, expect, it } from '@jest/globals';
import { METADATA_HOST_NAMES, normalizeWebhookUrl, validateWebhookUrl } from './webhook-url.validator.js';

const strict = { allowPrivateAddresses: false };
const relaxed = { allowPrivateAddresses: true };

describe('validateWebhookUrl', () => {
  it('accepts public https URLs', () => {
    expect(validateWebhookUrl('https://example.com/webhooks/rex?x=1', strict)).toEqual({ ok: true });
    expect(validateWebhookUrl('https://8.8.8.8:8443/hook', strict)).toEqual({ ok: true });
  });

  it('refuses non-URLs, other schemes, plain http and credentials', () => {
    expect(validateWebhookUrl('example.com/hook', strict)).toEqual({
      ok: false,
      reason: 'must be an absolute http(s) URL',
    });
    expect(validateWebhookUrl('ftp://example.com/', relaxed)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/scheme ftp/),
    });
    expect(validateWebhookUrl('javascript:alert(1)', relaxed)).toMatchObject({ ok: false });
    expect(validateWebhookUrl('http://example.com/', strict)).toEqual({
      ok: false,
      reason: 'must use https',
    });
    expect(validateWebhookUrl('http://example.com/', relaxed)).toEqual({ ok: true });
    expect(validateWebhookUrl('https://user:pw@example.com/', relaxed)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/credentials/),
    });
  });

  it.each([
    ['https://127.0.0.1/', '127.0.0.1 (loopback)'],
    ['https://2130706433/', '127.0.0.1 (loopback)'],
    ['https://0x7f.1/', '127.0.0.1 (loopback)'],
    ['https://017700000001/', '127.0.0.1 (loopback)'],
    ['https://127.1/', '127.0.0.1 (loopback)'],
    ['https://[::1]/', '::1 (loopback)'],
    ['https://[::ffff:127.0.0.1]/', '::ffff:7f00:1 (loopback)'],
    ['https://10.1.2.3/', '10.1.2.3 (private)'],
    ['https://0.0.0.0/', '0.0.0.0 (unspecified)'],
    ['https://[fc00::1]/', 'fc00::1 (private)'],
    ['https://100.64.1.1/', '100.64.1.1 (cgnat)'],
  ])('refuses %s unless private addresses are allowed', (url, what) => {
    expect(validateWebhookUrl(url, strict)).toEqual({ ok: false, reason: `blocked address ${what}` });
    expect(validateWebhookUrl(url, relaxed)).toEqual({ ok: true });
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 (metadata)'],
    ['http://2852039166/', '169.254.169.254 (metadata)'],
    ['http://[fd00:ec2::254]/', 'fd00:ec2::254 (metadata)'],
    ['http://[::ffff:169.254.169.254]/', '::ffff:a9fe:a9fe (metadata)'],
    ['http://169.254.10.10/', '169.254.10.10 (link-local)'],
    ['http://[fe80::1]/', 'fe80::1 (link-local)'],
    ['http://100.100.100.200/', '100.100.100.200 (metadata)'],
  ])('refuses %s even when private addresses are allowed', (url, what) => {
    expect(validateWebhookUrl(url, relaxed)).toEqual({ ok: false, reason: `blocked address ${what}` });
  });

  it.each([
    ' https://example.com/',
    'https://example.com/ ',
    'https://example.com/\n',
    '\thttps://example.com/',
  ])('refuses surrounding whitespace in %j (new URL() would strip it silently)', (url) => {
    expect(validateWebhookUrl(url, relaxed)).toEqual({
      ok: false,
      reason: 'must not start or end with whitespace',
    });
  });

  it('refuses port 0 and accepts other ports', () => {
    expect(validateWebhookUrl('https://example.com:0/', relaxed)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('port 0'),
    });
    expect(validateWebhookUrl('https://example.com:22/', strict)).toEqual({ ok: true });
  });

  it.each([...METADATA_HOST_NAMES])('refuses the metadata host name %s whatever the policy', (name) => {
    expect(validateWebhookUrl(`http://${name}/`, relaxed)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('metadata'),
    });
    expect(validateWebhookUrl(`http://${name.toUpperCase()}./`, relaxed)).toMatchObject({ ok: false });
  });

  it('normalises URLs as WHATWG does', () => {
    expect(normalizeWebhookUrl('HTTPS://EXAMPLE.com:443/a b')).toBe('https://example.com/a%20b');
  });

  it('refuses localhost names unless allowed', () => {
    for (const url of [
      'https://localhost/',
      'https://LOCALHOST:3000/',
      'https://api.localhost/',
      'https://localhost./',
    ]) {
      expect(validateWebhookUrl(url, strict)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/loopback name/),
      });
      expect(validateWebhookUrl(url, relaxed)).toEqual({ ok: true });
    }
  });
});
