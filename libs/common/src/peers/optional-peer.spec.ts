import { describe, expect, it } from '@jest/globals';
import { importOptionalPeer, isMissingPackage } from './optional-peer.js';

describe('importOptionalPeer', () => {
  it('gives the package when it is installed', async () => {
    const schedule = await importOptionalPeer('@nestjs/schedule', () => import('@nestjs/schedule'));
    expect(schedule?.SchedulerRegistry).toBeDefined();
  });

  it('gives null when the package is not installed', async () => {
    const specifier = '@org/not-installed-peer';
    expect(await importOptionalPeer(specifier, () => import(specifier))).toBeNull();
  });

  it('rethrows any other failure, such as a missing dependency of an installed package', async () => {
    const failure = Object.assign(new Error("Cannot find package 'tdigest' imported from prom-client"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    await expect(importOptionalPeer('prom-client', () => Promise.reject(failure))).rejects.toBe(failure);
  });
});

describe('isMissingPackage', () => {
  it("reads Node's and Jest's not-found errors for the package named", () => {
    const node = Object.assign(new Error("Cannot find package 'prom-client' imported from /app/x.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    expect(isMissingPackage(node, 'prom-client')).toBe(true);
    expect(isMissingPackage(new Error("Cannot find module 'prom-client' from 'x.ts'"), 'prom-client')).toBe(
      true,
    );
    expect(isMissingPackage(node, 'stripe')).toBe(false);
    expect(isMissingPackage(new Error('boom'), 'prom-client')).toBe(false);
  });
});
