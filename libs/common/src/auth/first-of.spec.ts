import { describe, expect, it } from '@jest/globals';
import { allowEveryoneInDevelopment, allowsEveryone } from './allow-everyone-in-development.js';
import type { Authorizer, ManagementRequest, Principal } from './authorize.interface.js';
import { firstOf } from './first-of.js';

const request = (caller: string): ManagementRequest => ({
  method: 'GET',
  url: '/',
  headers: { 'x-caller': caller },
});

/** An authorizer that knows one caller. */
const knows = (caller: string, principal: Principal) => (r: ManagementRequest) =>
  r.headers['x-caller'] === caller ? principal : null;

describe('firstOf', () => {
  it('asks in order: the first principal wins, null passes on, null from all is null', async () => {
    const asked: string[] = [];
    const portal: Authorizer = {
      authorize: (r) => {
        asked.push('portal');
        return knows('portal', { workspace: 'acme' })(r);
      },
    };
    const keys = async (r: ManagementRequest) => {
      asked.push('keys');
      return knows('key', { workspace: null, scopes: ['webhooks:read'] })(r);
    };
    const chain = firstOf(portal, keys);
    expect(await chain(request('portal'))).toEqual({ workspace: 'acme' });
    expect(asked).toEqual(['portal']);
    expect(await chain(request('key'))).toEqual({ workspace: null, scopes: ['webhooks:read'] });
    expect(await chain(request('nobody'))).toBeNull();
    expect(asked).toEqual(['portal', 'portal', 'keys', 'portal', 'keys']);
  });

  it('stops at a thrown error', async () => {
    const chain = firstOf(
      () => {
        throw new Error('down');
      },
      () => ({ workspace: null }),
    );
    await expect(chain(request('any'))).rejects.toThrow('down');
  });

  it('lets everyone in when a part does, so production refuses the composition too', () => {
    expect(allowsEveryone(allowEveryoneInDevelopment)).toBe(true);
    expect(allowsEveryone(firstOf(knows('a', { workspace: null }), allowEveryoneInDevelopment))).toBe(true);
    expect(allowsEveryone(firstOf(knows('a', { workspace: null })))).toBe(false);
    expect(allowsEveryone(() => ({ workspace: null }))).toBe(false);
    expect(allowEveryoneInDevelopment(request('any'))).toEqual({ workspace: null });
  });
});
