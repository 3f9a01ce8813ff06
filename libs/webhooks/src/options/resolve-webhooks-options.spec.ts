import { describe, expect, it } from '@jest/globals';
import { allowEveryoneInDevelopment, ManualClock, SystemClock, type Authorizer } from '@org/common';
import { InvalidWebhooksOptionsError } from '../errors/invalid-webhooks-options.error.js';
import { InMemoryWebhooksStorage } from '../storage/in-memory/in-memory-webhooks.storage.js';
import type { WebhooksStorage } from '../storage/webhooks-storage.interface.js';
import { resolveWebhooksOptions } from './resolve-webhooks-options.js';
import type { WebhooksModuleOptions } from './webhooks-options.interface.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const persistent = (): WebhooksStorage =>
  Object.assign(new InMemoryWebhooksStorage(), { kind: 'postgresql' as const });

/** The resolver for a module mounting no controllers, which needs no authorize: the other options' checks. */
const resolve = (options: WebhooksModuleOptions, env: Record<string, string | undefined>) =>
  resolveWebhooksOptions(options, env, { controllers: false });

class KeyAuthorizer implements Authorizer {
  authorize() {
    return null;
  }
}

describe('resolveWebhooksOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolve({}, {});
    expect(resolved.authorize).toBeNull();
    expect(resolved.storage).toBeInstanceOf(InMemoryWebhooksStorage);
    expect(resolved.secretKeys).toHaveLength(1);
    expect(resolved.secretKeys[0]).toHaveLength(32);
    expect(resolved).toMatchObject({
      eventTypes: [],
      allowPrivateUrls: false,
      privateUrlsSettingName: null,
      egressProxy: null,
      retrySchedule: [0, 30_000, 120_000, 600_000, 3_600_000],
      retryJitter: 0.1,
      requestTimeoutMs: 10_000,
      maxResponseBodyBytes: 4096,
      signatureHeader: 'X-Webhook-Signature',
      standardWebhooksHeaders: true,
      userAgent: 'org-webhooks/0.1',
      secretRotationOverlapMs: 86_400_000,
      disableAfterFailures: 20,
      maxEventBytes: 262_144,
      retentionDays: 30,
      worker: {
        batchSize: 200,
        concurrency: 128,
        perSubscriptionConcurrency: 8,
        leaseMs: 60_000,
        pollIntervalMs: 1000,
      },
    });
    expect(resolved.clock).toBeInstanceOf(SystemClock);
  });

  it('keeps given values', () => {
    const clock = new ManualClock();
    const storage = persistent();
    const resolved = resolve(
      {
        storage,
        secretKey: Buffer.alloc(32, 1).toString('hex'),
        retrySchedule: '0,1m',
        worker: false,
        clock,
        allowPrivateUrls: true,
        privateUrlsSettingName: 'WEBHOOKS_ALLOW_PRIVATE_URLS',
        eventTypes: [{ name: 'deal.won', description: 'A deal was won.', example: { amount: 1 } }],
      },
      {},
    );
    expect(resolved).toMatchObject({
      allowPrivateUrls: true,
      privateUrlsSettingName: 'WEBHOOKS_ALLOW_PRIVATE_URLS',
    });
    expect(resolved.storage).toBe(storage);
    expect(resolved.secretKeys).toEqual([Buffer.alloc(32, 1)]);
    expect(resolved.retrySchedule).toEqual([0, 60_000]);
    expect(resolved.worker).toBeNull();
    expect(resolved.clock).toBe(clock);
    expect(resolved.eventTypes).toEqual([
      { name: 'deal.won', description: 'A deal was won.', example: { amount: 1 } },
    ]);
  });

  it('takes an http:// egress proxy, with or without credentials', () => {
    expect(resolve({ egressProxy: 'http://egress.internal:3128' }, {}).egressProxy?.href).toBe(
      'http://egress.internal:3128/',
    );
    const withCredentials = resolve({ egressProxy: 'http://hooks:p%40ss@10.0.0.5:3128' }, {}).egressProxy;
    expect([withCredentials?.hostname, withCredentials?.port, withCredentials?.username]).toEqual([
      '10.0.0.5',
      '3128',
      'hooks',
    ]);
  });

  it.each([
    [
      'not a URL',
      'http://hooks:secret-pass@[proxy:3128',
      'egressProxy: is not a URL (expected http://host:port',
    ],
    ['https', 'https://hooks:secret-pass@proxy:3128', 'egressProxy: must be an http:// URL'],
    ['socks', 'socks5://proxy:1080', 'egressProxy: must be an http:// URL'],
    [
      'a path',
      'http://hooks:secret-pass@proxy:3128/path',
      'egressProxy: must be http://host:port with no path',
    ],
    ['a number', 3128, 'egressProxy: must be a string (http://host:port), got 3128'],
  ])('refuses an egress proxy that is %s, without repeating it', (_what, egressProxy, message) => {
    let error: unknown;
    try {
      resolve({ egressProxy: egressProxy as string }, {});
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidWebhooksOptionsError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('secret-pass');
  });

  it('refuses in-memory storage in production unless allowed', () => {
    expect(() => resolve({}, { NODE_ENV: 'production' })).toThrow(
      /^WebhooksModule: storage: in-memory storage .* allowInMemoryStorage/,
    );
    expect(resolve({ allowInMemoryStorage: true }, { NODE_ENV: 'production' }).storage.kind).toBe('memory');
  });

  it('requires a secretKey with persistent storage', () => {
    expect(() => resolve({ storage: persistent() }, {})).toThrow(
      'WebhooksModule: secretKey: is required with postgresql storage',
    );
    expect(resolve({ storage: persistent(), secretKey: KEY }, {}).secretKeys).toHaveLength(1);
  });

  it('takes the key ring as secretKeys, newest first, in place of secretKey', () => {
    const older = Buffer.alloc(32, 8).toString('hex');
    const resolved = resolve({ storage: persistent(), secretKeys: [KEY, older] }, {});
    expect(resolved.secretKeys).toEqual([Buffer.alloc(32, 7), Buffer.alloc(32, 8)]);
  });

  it.each<[string, WebhooksModuleOptions | Record<string, unknown>, string | RegExp]>([
    [
      'a bad retry entry',
      { retrySchedule: '0,3x' },
      'WebhooksModule: retrySchedule: entry 2 ("3x") is not a delay',
    ],
    ['an empty retry list', { retrySchedule: [] }, 'WebhooksModule: retrySchedule: must be a non-empty list'],
    [
      'a jitter over 100 %',
      { retryJitter: 1.5 },
      'WebhooksModule: retryJitter: must be a fraction in [0, 1]',
    ],
    ['a negative jitter', { retryJitter: -0.1 }, 'WebhooksModule: retryJitter:'],
    ['a negative retry delay', { retrySchedule: [0, -1] }, 'WebhooksModule: retrySchedule: entry 1 (-1)'],
    ['a short key', { secretKey: 'abc' }, 'WebhooksModule: secretKey: must be 32 bytes'],
    [
      'both key forms',
      { secretKey: KEY, secretKeys: [KEY] },
      'WebhooksModule: secretKey: and secretKeys are both given',
    ],
    ['an empty ring', { secretKeys: [] }, 'WebhooksModule: secretKeys: must be a non-empty array of keys'],
    [
      'a short key in the ring',
      { secretKeys: [KEY, 'abc'] },
      'WebhooksModule: secretKeys[1]: must be 32 bytes',
    ],
    [
      'a repeated key in the ring',
      { secretKeys: [KEY, KEY] },
      'WebhooksModule: secretKeys[1]: repeats secretKeys[0]',
    ],
    [
      'a zero timeout',
      { requestTimeoutMs: 0 },
      'WebhooksModule: requestTimeoutMs: must be a whole number of at least 1, got 0',
    ],
    ['a fractional limit', { maxEventBytes: 1.5 }, 'WebhooksModule: maxEventBytes:'],
    [
      'a string boolean',
      { allowPrivateUrls: 'true' },
      'WebhooksModule: allowPrivateUrls: must be true or false, got "true"',
    ],
    [
      'a setting name that is not a string',
      { privateUrlsSettingName: true },
      'WebhooksModule: privateUrlsSettingName: must be printable text on one line, got true',
    ],
    [
      'a setting name over two lines',
      { privateUrlsSettingName: 'ALLOW\nPRIVATE' },
      'WebhooksModule: privateUrlsSettingName: must be printable text on one line',
    ],
    [
      'an empty setting name',
      { privateUrlsSettingName: '' },
      'WebhooksModule: privateUrlsSettingName: must be printable text on one line, got ""',
    ],
    [
      'a header with a space',
      { signatureHeader: 'X Sig' },
      'WebhooksModule: signatureHeader: must be an HTTP header name',
    ],
    [
      'a signature header that is one of the fixed delivery headers',
      { signatureHeader: 'Webhook-Signature' },
      'WebhooksModule: signatureHeader: "Webhook-Signature" cannot be the signature header: use an HTTP token other than content-type,',
    ],
    ['a user agent with a newline', { userAgent: 'a\r\nb' }, 'WebhooksModule: userAgent:'],
    ['a typo', { retrySchedul: '0' }, 'WebhooksModule: retrySchedul: unknown option'],
    ['a worker typo', { worker: { batchsize: 1 } }, 'WebhooksModule: worker.batchsize: unknown option'],
    [
      'an extra returned by the options factory',
      { compatibility: ['rex'] },
      'WebhooksModule: compatibility: give it to forRootAsync() beside useFactory',
    ],
    [
      'a lease shorter than a request',
      { worker: { leaseMs: 5000 } },
      'WebhooksModule: worker.leaseMs: (5000) must exceed requestTimeoutMs (10000)',
    ],
    [
      'a catalogue name with capitals',
      { eventTypes: [{ name: 'Deal.Won', description: '' }] },
      'WebhooksModule: eventTypes[0].name:',
    ],
    [
      'a wildcard in the catalogue',
      { eventTypes: [{ name: 'deal.*', description: '' }] },
      'WebhooksModule: eventTypes[0].name:',
    ],
    [
      'a duplicate catalogue name',
      {
        eventTypes: [
          { name: 'a', description: '' },
          { name: 'a', description: '' },
        ],
      },
      'eventTypes[1].name: "a" is listed twice',
    ],
    [
      'a catalogue entry without description',
      { eventTypes: [{ name: 'a' }] },
      'WebhooksModule: eventTypes[0].description: must be a string',
    ],
    ['a storage that is not one', { storage: {} }, 'WebhooksModule: storage: must implement WebhooksStorage'],
    [
      'a storage of the shape before the delivery ports were split',
      {
        storage: {
          kind: 'custom',
          subscriptions: {},
          events: {},
          deliveries: {},
          listen: async () => async () => undefined,
        },
      },
      'WebhooksModule: storage: must implement WebhooksStorage (e.g. new MikroOrmWebhooksStorage(orm) from ' +
        '@org/webhooks/mikro-orm); missing: deliveryQueue, deliveryLog, deliveryActions, deliveryMaintenance; ' +
        '`deliveries` is now four ports: deliveryQueue, deliveryLog, deliveryActions and deliveryMaintenance',
    ],
    ['a clock without now()', { clock: {} }, 'WebhooksModule: clock:'],
  ])('refuses %s, naming the option', (_, options, message) => {
    expect(() => resolve(options as WebhooksModuleOptions, {})).toThrow(InvalidWebhooksOptionsError);
    expect(() => resolve(options as WebhooksModuleOptions, {})).toThrow(message);
  });

  it('requires authorize while the management controllers are mounted, naming both fixes in one sentence', () => {
    expect(() => resolveWebhooksOptions({}, {}, { controllers: true })).toThrow(
      new InvalidWebhooksOptionsError([
        {
          option: 'authorize',
          problem:
            "the management routes need to know who may call them: give authorize (a function or an Authorizer class returning the caller's principal, or allowEveryoneInDevelopment), or controllers: false to mount none",
        },
      ]),
    );
    // The module's default is to mount them.
    expect(() => resolveWebhooksOptions({}, {})).toThrow('WebhooksModule: authorize: the management routes');
  });

  it('takes authorize as a function or an Authorizer class', () => {
    const authorize = () => ({ workspace: null });
    expect(resolveWebhooksOptions({ authorize }, {}).authorize).toBe(authorize);
    expect(resolveWebhooksOptions({ authorize: KeyAuthorizer }, {}).authorize).toBe(KeyAuthorizer);
    expect(() =>
      resolveWebhooksOptions({ authorize: { authorize } } as unknown as WebhooksModuleOptions, {}),
    ).toThrow(
      'WebhooksModule: authorize: must be a function (request) => principal | null, or an Authorizer class',
    );
  });

  it('refuses allowEveryoneInDevelopment when NODE_ENV=production, naming the fix', () => {
    expect(resolveWebhooksOptions({ authorize: allowEveryoneInDevelopment }, {}).authorize).toBe(
      allowEveryoneInDevelopment,
    );
    expect(() =>
      resolveWebhooksOptions(
        { authorize: allowEveryoneInDevelopment, allowInMemoryStorage: true },
        { NODE_ENV: 'production' },
      ),
    ).toThrow(
      'WebhooksModule: authorize: allowEveryoneInDevelopment lets every caller manage every workspace and is refused when NODE_ENV=production: give an authorize that identifies callers',
    );
  });

  it('names every bad option at once', () => {
    let thrown: unknown;
    try {
      resolve(
        { retrySchedule: '0,3x', requestTimeoutMs: 0, worker: { batchsize: 1 } } as WebhooksModuleOptions,
        {},
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidWebhooksOptionsError);
    expect((thrown as InvalidWebhooksOptionsError).problems.map((p) => p.option)).toEqual([
      'requestTimeoutMs',
      'retrySchedule',
      'worker.batchsize',
    ]);
    expect((thrown as Error).message).toMatch(
      /^WebhooksModule: requestTimeoutMs: must be a whole number .*; retrySchedule: entry 2 .*; worker\.batchsize: unknown option/,
    );
  });
});
