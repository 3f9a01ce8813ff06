import { describe, expect, it } from '@jest/globals';
import { ManualClock, SystemClock } from '@org/common';
import { InvalidIngestOptionsError } from '../errors/invalid-ingest-options.error.js';
import type { IngestModuleOptions } from './ingest-module-options.interface.js';
import { nextAttemptAt } from '../processing/retry-policy.js';
import { InMemoryIngestStore } from '../storage/in-memory/in-memory-ingest.store.js';
import { resolveIngestOptions } from './resolve-ingest-options.js';

/** The resolver for a module mounting no management controllers (which needs no authorize). */
const resolve = (options: unknown, env = 'test') =>
  resolveIngestOptions(options as IngestModuleOptions, env, { controllers: false });
const problem = (options: unknown, env = 'test') => {
  try {
    resolve(options, env);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidIngestOptionsError);
    return (error as Error).message;
  }
  throw new Error('expected the options to be refused');
};

/** Secrets of the shapes the verifiers need. */
const STRIPE = 'whsec_test_secret_0001';
const SHARED = 'shared-secret-0001';
const STANDARD = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('resolveIngestOptions', () => {
  it('requires authorize while the management controllers are mounted, naming both fixes', () => {
    expect(() => resolveIngestOptions({}, 'test')).toThrow(
      "IngestModule: authorize: the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none",
    );
    const authorize = () => null;
    expect(resolveIngestOptions({ authorize }, 'test').authorize).toBe(authorize);
    expect(resolve({}).authorize).toBeNull();
  });

  it('merges every default once', () => {
    const resolved = resolve({
      sources: {
        stripe: { secrets: [STRIPE] },
        hubspot: { clientSecrets: [SHARED], publicUrl: 'https://api.example.com/' },
        hmac: { acme: { secrets: [SHARED], header: 'X-Sig', timestampHeader: 'X-Time' } },
        standardWebhooks: { svix: { secrets: [STANDARD] } },
      },
    });
    expect(resolved.publicUrl).toBeNull();
    expect(resolve({ publicUrl: 'https://hooks.example.com/' }).publicUrl).toBe('https://hooks.example.com');
    expect(resolved.sources.stripe).toEqual({ secrets: [STRIPE], tolerance: 300 });
    expect(resolved.sources.hubspot).toEqual({
      clientSecrets: [SHARED],
      versions: ['v3'],
      maxAgeSeconds: 300,
      publicUrl: 'https://api.example.com',
    });
    expect(resolved.sources.hmac.acme).toEqual({
      secrets: [SHARED],
      header: 'x-sig',
      algorithm: 'sha256',
      encoding: 'hex',
      prefix: '',
      timestampHeader: 'x-time',
      toleranceSeconds: 300,
      signedPayload: 'timestamp.body',
      idHeader: undefined,
      idField: 'id',
      typeHeader: undefined,
      typeField: 'type',
    });
    expect(resolved.sources.standardWebhooks.svix).toEqual({
      secrets: [STANDARD],
      toleranceSeconds: 300,
    });
    expect(resolved.storage).toBeInstanceOf(InMemoryIngestStore);
    expect(resolved.clock).toBeInstanceOf(SystemClock);
    expect(resolved).toMatchObject({
      maxBodyBytes: 1_048_576,
      retry: { attempts: 8, backoffMs: 30_000, backoffFactor: 2, maxBackoffMs: 3_600_000 },
      worker: { enabled: true, concurrency: 8, leaseMs: 300_000, sweepIntervalMs: 5_000 },
      checkRawBodyAtStartup: true,
    });
  });

  it('keeps a given clock and store', () => {
    const clock = new ManualClock();
    const store = new InMemoryIngestStore();
    expect(resolve({ clock, storage: store })).toMatchObject({ clock, storage: store });
  });

  it.each([
    [
      { sources: { stripe: { secrets: [] } } },
      'sources.stripe.secrets: must be a non-empty array of strings',
    ],
    // Issue 20 row 2: each secret is checked against what its verifier needs.
    [
      { sources: { stripe: { secrets: ['sk_test_0123456789abcdef'] } } },
      'sources.stripe.secrets[0]: must be a Stripe endpoint secret',
    ],
    [
      { sources: { github: { secrets: ['a'] } } },
      'sources.github.secrets[0]: must be at least 16 characters long',
    ],
    [
      { sources: { hubspot: { clientSecrets: ['a'] } } },
      'sources.hubspot.clientSecrets[0]: must be at least 16',
    ],
    [
      { sources: { hmac: { a: { secrets: ['a'], header: 'x-sig' } } } },
      'sources.hmac.a.secrets[0]: must be at least 16',
    ],
    [
      { sources: { standardWebhooks: { s: { secrets: ['whsec_abcd'] } } } },
      'sources.standardWebhooks.s.secrets[0]: must be whsec_ followed by the base64 of 24 to 64 bytes',
    ],
    [
      { sources: { standardWebhooks: { s: { secrets: [`whsec_${'a'.repeat(43)}`] } } } },
      'sources.standardWebhooks.s.secrets[0]: must be whsec_ followed by the base64',
    ],
    // Issue 20 row 7: a bounded replay window, header names that are tokens and not hop-by-hop or content headers.
    [
      { sources: { hmac: { a: { secrets: [SHARED], header: 'x-sig', toleranceSeconds: 1e12 } } } },
      'sources.hmac.a.toleranceSeconds: must be a number of at least 1 and at most 86400',
    ],
    [
      { sources: { stripe: { secrets: [STRIPE], tolerance: 86_401 } } },
      'sources.stripe.tolerance: must be a number',
    ],
    [
      { sources: { hmac: { a: { secrets: [SHARED], header: 'X-Sig\r\nX-Evil: 1' } } } },
      'sources.hmac.a.header: must be a header name',
    ],
    [
      { sources: { hmac: { a: { secrets: [SHARED], header: 'content-type' } } } },
      'sources.hmac.a.header: must not be a hop-by-hop or content header',
    ],
    [
      { sources: { hmac: { a: { secrets: [SHARED], header: 'x-sig', timestampHeader: 'Host' } } } },
      'sources.hmac.a.timestampHeader: must not be a hop-by-hop or content header',
    ],
    [
      { sources: { stripe: { secret: 'whsec_a', secrets: ['a'] } } },
      'sources.stripe.secret: unknown option; known ones are secrets, tolerance',
    ],
    [{ source: {} }, 'source: unknown option'],
    [
      { sources: { hubspot: { clientSecrets: ['s'], versions: ['v4'] } } },
      "sources.hubspot.versions: must be a non-empty array of 'v1', 'v2', 'v3'",
    ],
    [
      { sources: { hubspot: { clientSecrets: ['s'], publicUrl: 'ftp://x' } } },
      'sources.hubspot.publicUrl: must be an http(s) base URL',
    ],
    [{ publicUrl: 'https://hooks.example.com/?x=1' }, 'publicUrl: must be an http(s) base URL'],
    [
      { sources: { hmac: { stripe: { secrets: ['k'], header: 'x' } } } },
      'sources.hmac.stripe: reuses a source name that is already taken',
    ],
    [
      { sources: { hmac: { endpoints: { secrets: ['k'], header: 'x' } } } },
      'sources.hmac.endpoints: is a reserved name (endpoints, events, deliveries, event-types',
    ],
    [
      { sources: { standardWebhooks: { 'event-types': { secrets: ['whsec_YQ=='] } } } },
      'sources.standardWebhooks.event-types: is a reserved name',
    ],
    [
      { sources: { custom: { deliveries: { verify: () => true, parse: () => [] } } } },
      'sources.custom.deliveries: is a reserved name',
    ],
    [
      { sources: { hmac: { 'Bad Name': { secrets: ['k'], header: 'x' } } } },
      'sources.hmac.Bad Name: has a bad name',
    ],
    [{ sources: { hmac: { a: { secrets: ['k'] } } } }, 'sources.hmac.a.header: is required'],
    [
      { sources: { hmac: { a: { secrets: ['k'], header: 'x', algorithm: 'md5' } } } },
      "sources.hmac.a.algorithm: must be one of 'sha256', 'sha1', 'sha512'",
    ],
    [
      { sources: { hmac: { a: { secrets: ['k'], header: 'x', signedPayload: 'timestamp.body' } } } },
      "sources.hmac.a.signedPayload: 'timestamp.body' needs timestampHeader",
    ],
    [
      { sources: { standardWebhooks: { s: { secrets: ['whsec_not-base64!'] } } } },
      'sources.standardWebhooks.s.secrets[0]: must be whsec_ followed by the base64 of 24 to 64 bytes',
    ],
    [
      {
        sources: {
          hmac: { a: { secrets: ['k'], header: 'x' } },
          standardWebhooks: { a: { secrets: ['whsec_YQ=='] } },
        },
      },
      'sources.standardWebhooks.a: reuses a source name',
    ],
    [
      { sources: { custom: { acme: { verify: () => true } } } },
      'sources.custom.acme: must implement verify, parse',
    ],
    [{ retry: { attempts: 0 } }, 'retry.attempts: must be a whole number of at least 1, got 0'],
    [
      { retry: { backoffMs: 10_000, maxBackoffMs: 5 } },
      'retry.maxBackoffMs: must be a number of at least 10000, got 5',
    ],
    [{ worker: { concurrency: 1.5 } }, 'worker.concurrency: must be a whole number of at least 1, got 1.5'],
    [
      { storage: {} },
      'storage: must implement saveReceived, claimDue, complete, fail, findById, list, requeue',
    ],
    [{ clock: Date }, 'clock: must implement now'],
    [{ secretKey: Buffer.alloc(16) }, 'secretKey: must be 32 bytes, got a Buffer of 16'],
    [
      { secretKey: Buffer.alloc(32), secretKeys: [Buffer.alloc(32)] },
      'secretKey: and secretKeys are both given',
    ],
    [{ secretKeys: [Buffer.alloc(32, 1), 'abc'] }, 'secretKeys[1]: must be 32 bytes'],
  ])('refuses %j naming the option', (options, message) => {
    expect(problem(options)).toContain(message);
    expect(problem(options)).toMatch(/^IngestModule: /);
  });

  it('takes the key ring as secretKeys (Buffers or strings, newest first) in place of secretKey', () => {
    const newest = Buffer.alloc(32, 1);
    const older = Buffer.alloc(32, 2).toString('base64');
    expect(resolve({ secretKeys: [newest, older] }).secretKeys).toEqual([newest, Buffer.alloc(32, 2)]);
    expect(resolve({ secretKey: newest }).secretKeys).toEqual([newest]);
  });

  it('refuses the in-memory store in production unless allowed', () => {
    expect(problem({}, 'production')).toContain('storage: must be a durable store when NODE_ENV=production');
    expect(problem({ storage: new InMemoryIngestStore() }, 'production')).toContain('NODE_ENV=production');
    expect(() => resolve({ allowInMemoryStorage: true }, 'production')).not.toThrow();
  });
});

describe('nextAttemptAt', () => {
  it('backs off exponentially, capped, and stops after the last attempt', () => {
    const retry = { attempts: 5, backoffMs: 1_000, backoffFactor: 3, maxBackoffMs: 5_000 };
    const now = new Date(0);
    expect([1, 2, 3, 4].map((attempt) => nextAttemptAt(retry, attempt, now)?.getTime())).toEqual([
      1_000, 3_000, 5_000, 5_000,
    ]);
    expect(nextAttemptAt(retry, 5, now)).toBeNull();
  });
});
