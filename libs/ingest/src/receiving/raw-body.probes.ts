import { Readable } from 'node:stream';

/** The tiny JSON body the probes feed the host's parser. */
const PROBE_BODY = '{}';

/** Whether the parser kept the body: what the signature guard reads (`req.rawBody`, a Buffer). */
export type RawBodyProbe = 'keeps-raw-body' | 'drops-raw-body' | 'no-json-parser' | 'unsupported';

interface ExpressLayer {
  name?: string;
  handle: (req: unknown, res: unknown, next: (error?: unknown) => void) => void;
}

/**
 * Runs a tiny JSON request through the first Express JSON parser, in memory. Express keeps its
 * middleware in `app.router.stack`, where Nest's parsers (or the host's `useBodyParser`) sit by now.
 */
export async function probeExpressRawBody(instance: unknown): Promise<RawBodyProbe> {
  const stack = (instance as { router?: { stack?: ExpressLayer[] } }).router?.stack ?? [];
  const parser = stack.find((layer) => layer.name === 'jsonParser');
  if (!parser) return 'no-json-parser';
  const body = Buffer.from(PROBE_BODY);
  const request = Object.assign(Readable.from([body]), {
    headers: { 'content-type': 'application/json', 'content-length': String(body.length) },
    method: 'POST',
    url: '/',
  }) as Readable & { rawBody?: unknown };
  await new Promise<void>((resolve) => parser.handle(request, {}, () => resolve()));
  return Buffer.isBuffer(request.rawBody) ? 'keeps-raw-body' : 'drops-raw-body';
}

type ParserDone = (error: unknown, body?: unknown) => void;

/** The part of Fastify's content-type parser registry the probe reads. */
interface FastifyParsers {
  existingParser(contentType: string): boolean;
  getParser(
    contentType: string,
  ): { asString?: boolean; fn: (req: unknown, body: unknown, done: ParserDone) => unknown } | undefined;
}

/**
 * Runs a tiny JSON body through the JSON parser of the root Fastify instance, in memory: Nest's
 * (`{ rawBody: true }` makes it keep `req.rawBody`) or one the host registered. Fastify offers no
 * public way to reach a registered parser, so the probe reads its registry, kept under the symbol
 * `fastify.contentTypeParser`; without it (another Fastify major) the probe says `unsupported`.
 * Before `listen()` a request cannot be injected without starting the app (`ready()`), which would
 * stop the host from registering plugins after `init()`.
 */
export async function probeFastifyRawBody(instance: unknown): Promise<RawBodyProbe> {
  const symbol = Object.getOwnPropertySymbols(instance).find(
    (candidate) => candidate.description === 'fastify.contentTypeParser',
  );
  const parsers = symbol && ((instance as Record<symbol, unknown>)[symbol] as Partial<FastifyParsers>);
  if (typeof parsers?.existingParser !== 'function' || typeof parsers.getParser !== 'function') {
    return 'unsupported';
  }
  // False for Fastify's built-in JSON parser, the only one left with `bodyParser: false`.
  if (!parsers.existingParser('application/json')) return 'no-json-parser';
  const parser = parsers.getParser('application/json');
  if (!parser) return 'no-json-parser';
  const headers = { 'content-type': 'application/json', 'content-length': String(PROBE_BODY.length) };
  const request: { headers: typeof headers; raw: { headers: typeof headers }; rawBody?: unknown } = {
    headers,
    raw: { headers },
  };
  const body = parser.asString ? PROBE_BODY : Buffer.from(PROBE_BODY);
  await new Promise<void>((resolve) => {
    const result = parser.fn(request, body, () => resolve());
    // A parser declared async answers through its promise instead of `done`.
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      (result as PromiseLike<unknown>).then(
        () => resolve(),
        () => resolve(),
      );
    }
  });
  return Buffer.isBuffer(request.rawBody) ? 'keeps-raw-body' : 'drops-raw-body';
}
