import { describe, expect, it } from '@jest/globals';
import { ManualClock } from '@org/common';
import { InvalidConsoleOptionsError } from '../src/errors/invalid-console-options.error.js';
import { PortalTokenException } from '../src/errors/portal-token.exception.js';
import type { ConsoleModuleOptions } from '../src/options/console-options.interface.js';
import { resolveConsoleOptions } from '../src/options/resolved-console-options.js';
import {
  PortalSessionAuthenticator,
  type PortalRequest,
} from '../src/portal/portal-session.authenticator.js';
import { PortalTokenService } from '../src/portal/portal-token.service.js';

const KEY = Buffer.alloc(32, 7);
/** The options of a module mounting no controllers, which needs no authorize: the other options' checks. */
const resolveOptions = (options: ConsoleModuleOptions) =>
  resolveConsoleOptions(options, 'test', { controllers: false });

function service(clock: ManualClock, key: Buffer = KEY): PortalTokenService {
  return new PortalTokenService(resolveOptions({ portalSigningKey: key }), clock);
}

describe('PortalTokenService', () => {
  it('verifies its own token until it expires, then refuses it as expired', () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 16, 12));
    const tokens = service(clock);
    const { token, claims } = tokens.sign('acme', 3600);
    expect(claims).toEqual({ workspace: 'acme', expiresAt: new Date(Date.UTC(2026, 2, 16, 13)) });
    clock.advance(3599_000);
    expect(tokens.verify(token)).toEqual(claims);
    clock.advance(1000);
    expect(() => tokens.verify(token)).toThrow(PortalTokenException);
    expect(() => tokens.verify(token)).toThrow(/expired/);
  });

  it('refuses a token signed with another key, or with its payload changed', () => {
    const clock = new ManualClock();
    const { token } = service(clock, Buffer.alloc(32, 9)).sign('acme', 60);
    expect(() => service(clock).verify(token)).toThrow(/signature/);
    const [, mac] = service(clock).sign('acme', 60).token.split('.');
    const other = Buffer.from(JSON.stringify({ v: 'p1', ws: 'globex', exp: 9e9 })).toString('base64url');
    for (const bad of [`${other}.${mac}`, 'a.b.c', '', '.'])
      expect(() => service(clock).verify(bad)).toThrow(PortalTokenException);
  });

  it('accepts tokens signed with a previous key while it is given, and signs with the new one', () => {
    const clock = new ManualClock();
    const OLD = Buffer.alloc(32, 9);
    const { token: old } = service(clock, OLD).sign('acme', 60);
    const rotated = new PortalTokenService(
      resolveOptions({ portalSigningKey: KEY, previousPortalSigningKeys: [OLD] }),
      clock,
    );
    expect(rotated.verify(old).workspace).toBe('acme');
    const { token: fresh } = rotated.sign('acme', 60);
    expect(service(clock).verify(fresh).workspace).toBe('acme');
    expect(() => service(clock, OLD).verify(fresh)).toThrow(/signature/);
    expect(() => service(clock).verify(old)).toThrow(/signature/);
  });
});

describe('PortalSessionAuthenticator', () => {
  const clock = new ManualClock();
  const tokens = service(clock);
  const authenticator = new PortalSessionAuthenticator(tokens);
  const request = (method: string, path: string, token: string): PortalRequest => ({
    method,
    route: { path },
    headers: { authorization: `Portal ${token}` },
  });

  it("binds an allowed route's request to the token's workspace", () => {
    const { token } = tokens.sign('acme', 60);
    const req = request('GET', '/api/webhooks/:id/deliveries', token);
    expect(authenticator.presentedToken(req)).toBe(token);
    authenticator.authenticate(req, token);
    expect(req).toMatchObject({ workspace: 'acme', scopes: ['webhooks:read', 'webhooks:write'] });
  });

  it('lets a portal read the event catalogue: the list and one type', () => {
    const { token } = tokens.sign('acme', 60);
    for (const path of ['/api/webhooks/event-types', '/api/webhooks/event-types/:name']) {
      const req = request('GET', path, token);
      authenticator.authenticate(req, token);
      expect(req).toMatchObject({ workspace: 'acme' });
    }
  });

  it('refuses routes outside the portal with 403', () => {
    const { token } = tokens.sign('acme', 60);
    for (const [method, path] of [
      ['DELETE', '/api/webhooks/:id'],
      ['POST', '/api/events'],
      ['POST', '/api/portal/sessions'],
      ['GET', '/api/inbound-events'],
    ])
      expect(() => authenticator.authenticate(request(method, path, token), token)).toThrow(
        /not available in the portal/,
      );
  });

  it('leaves API keys alone', () => {
    expect(authenticator.presentedToken({ headers: { authorization: 'Bearer key_1' } })).toBeNull();
  });
});

describe('resolveConsoleOptions', () => {
  it('applies the defaults once', () => {
    expect(resolveOptions({ portalSigningKey: KEY })).toEqual({
      authorize: null,
      portalSigningKey: KEY,
      previousPortalSigningKeys: [],
      defaultPortalTtlSeconds: 3600,
      maxPortalTtlSeconds: 86_400,
      publicUrl: null,
      serveUi: true,
    });
  });

  it('names every bad option at once', () => {
    const attempt = () =>
      resolveOptions({
        portalSigningKey: 'short',
        defaultPortalTtlSeconds: 0,
        publicUrl: 'ftp://x',
      });
    expect(attempt).toThrow(InvalidConsoleOptionsError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidConsoleOptionsError).problems.map((p) => p.option)).toEqual([
        'portalSigningKey',
        'defaultPortalTtlSeconds',
        'publicUrl',
      ]);
    }
  });

  it('requires authorize while the portal sessions API is mounted, naming both fixes', () => {
    expect(() => resolveConsoleOptions({ portalSigningKey: KEY }, 'test')).toThrow(
      "ConsoleModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none",
    );
  });
});
