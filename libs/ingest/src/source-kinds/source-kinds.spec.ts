import { describe, expect, it } from '@jest/globals';
import { OptionChecker } from '@org/common';
import { IngestConfigurationError } from '../errors/ingest-configuration.error.js';
import { placeholderSecret } from '../options/source-option-checks.js';
import { importWithPeer } from './peer-package.js';
import {
  newSourceSecretDescription,
  rotatedSecretDescription,
  typeOptionsDescription,
} from './source-kind.descriptions.js';
import { BUILT_IN_SOURCES, createVerifier, INBOUND_SOURCE_TYPES, sourceKinds } from './source-kinds.js';

describe('the source-kind registry', () => {
  it('lists the kinds in order, the built-in names being the kinds configured once under their own name', () => {
    expect(INBOUND_SOURCE_TYPES).toEqual([
      'stripe',
      'github',
      'hubspot',
      'hmac',
      'standard_webhooks',
      'shopify',
      'slack',
    ]);
    expect(BUILT_IN_SOURCES).toEqual(['stripe', 'github', 'hubspot']);
  });

  it.each(sourceKinds())(
    '%s: resolves its defaults over the API and builds its verifier',
    async (type, kind) => {
      const check = new OptionChecker();
      // hmac alone needs an option: the header its signature comes in.
      const options = type === 'hmac' ? { header: 'x-signature' } : {};
      const resolved = kind.resolveCreated(options, [placeholderSecret(kind.secret.shape)], check);
      expect(check.problems).toEqual([]);
      const verifier = await createVerifier(kind, resolved, `type ${type}`);
      expect(typeof verifier.verify).toBe('function');
      expect(typeof verifier.parse).toBe('function');
    },
  );

  it('names every kind in the Swagger descriptions of a source', () => {
    for (const type of INBOUND_SOURCE_TYPES) {
      expect(`${newSourceSecretDescription()} ${typeOptionsDescription()}`).toContain(type);
    }
    expect(newSourceSecretDescription()).toBe(
      'The signing secret. Required for stripe, hubspot, shopify and slack, whose secret the provider issues; ' +
        'generated (and returned once) for github, hmac and standard_webhooks when omitted.',
    );
    expect(rotatedSecretDescription()).toBe(
      'The new secret; omitted: one is generated (github, hmac, standard_webhooks only).',
    );
  });
});

describe('importWithPeer', () => {
  const notFound = (specifier: string): Error =>
    Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/verifier.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });

  it('turns a missing peer package into a start-up error naming the option and the install command', async () => {
    const attempt = importWithPeer(() => Promise.reject(notFound('stripe')), 'sources.stripe', 'stripe');
    await expect(attempt).rejects.toThrow(IngestConfigurationError);
    await expect(
      importWithPeer(() => Promise.reject(notFound('stripe')), 'type stripe', 'stripe'),
    ).rejects.toThrow('IngestModule: type stripe needs the stripe package: npm install stripe');
  });

  it('lets any other failure through unchanged', async () => {
    const other = notFound('left-pad');
    await expect(importWithPeer(() => Promise.reject(other), 'sources.stripe', 'stripe')).rejects.toBe(other);
    const broken = new Error('bad base64 secret');
    await expect(importWithPeer(() => Promise.reject(broken), 'sources.stripe', 'stripe')).rejects.toBe(
      broken,
    );
  });
});
