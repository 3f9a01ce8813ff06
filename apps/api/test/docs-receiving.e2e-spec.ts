import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signStandardWebhooks } from '@org/webhooks';
import {
  createReceiver,
  verifyStandardWebhooksSignature,
  verifyTimestampedSignature,
  type Receiver,
  type RecordedRequest,
} from '@org/receiver';
import { SIGNATURE_HEADER } from '../src/webhooks.wiring.js';
import { KEYS, startTestApp, type TestApp } from './app-harness.js';
import { client } from './support/http.js';
import {
  DEBIAN_PACKAGES,
  INSTALL_COMMAND,
  markedSnippets,
  runSnippet,
  verifySnippets,
  WORKSPACE_ROOT,
  type VerifyInput,
} from './support/verify-snippets.js';

const PAGE = 'docs/receiving-our-webhooks.md';
/** The secret the page's example delivery is signed with. */
const EXAMPLE_SECRET = 'whsec_test_secret_0123456789';
/** Headers that HTTP itself adds; the page shows only what the sender chooses. */
const TRANSPORT_HEADERS = ['host', 'connection', 'content-length'];

/** The page's example delivery: its header lines (names lower-cased) and its body. */
function pageExample(page: string): { headers: Record<string, string>; body: Buffer } {
  const block = /```http\n([\s\S]*?)```/.exec(page)?.[1];
  if (!block) throw new Error(`${PAGE} shows no \`\`\`http example delivery`);
  const [head, body] = block.split('\n\n') as [string, string];
  const lines = head.split('\n').slice(1); // after "POST /webhooks HTTP/1.1"
  const headers = Object.fromEntries(
    lines.map((line) => [
      line.slice(0, line.indexOf(':')).toLowerCase(),
      line.slice(line.indexOf(':') + 1).trim(),
    ]),
  );
  return { headers, body: Buffer.from(body.trim()) };
}

function isInstalled(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const inputOf = (request: RecordedRequest, secret: string): VerifyInput => ({
  secret,
  id: String(request.headers['webhook-id']),
  timestamp: String(request.headers['webhook-timestamp']),
  signature: String(request.headers['webhook-signature']),
  body: request.rawBody,
});

/** What each snippet is given, and the reason it must refuse it with (`null`: it must verify it). */
const CASES = [
  ['a delivery signed with a generated secret (whsec_ + base64)', null],
  ['a delivery signed with a secret the subscriber chose', null],
  ['a delivery during a rotation, checked with the old secret', null],
  ['a delivery during a rotation, checked with the new secret', null],
  ['a tampered body', /signature/i],
  ['the wrong secret', /signature/i],
  ['a genuine delivery signed 10 minutes ago (a replay)', /timestamp/i],
  ["the page's example delivery (genuine, long past)", /timestamp/i],
  ['an empty secret', /secret/i],
] as const;
type CaseName = (typeof CASES)[number][0];

describe(PAGE, () => {
  const page = readFileSync(join(WORKSPACE_ROOT, PAGE), 'utf8');
  const snippets = verifySnippets();
  const example = pageExample(page);

  it('shows every snippet under docs/examples/verify verbatim, right after its marker', () => {
    const shown = markedSnippets(page);
    expect(snippets.map(({ path }) => path)).toEqual(
      expect.arrayContaining([
        'docs/examples/verify/verify-standardwebhooks.mjs',
        'docs/examples/verify/verify.mjs',
        'docs/examples/verify/verify.py',
        'docs/examples/verify/verify.go',
        'docs/examples/verify/verify.rb',
        'docs/examples/verify/verify.php',
      ]),
    );
    for (const { path, code } of snippets)
      expect({ path, shown: shown.get(path) }).toEqual({ path, shown: code });
    // The page's other marked example (docs/examples/openapi-types) is checked in docs-openapi-types.e2e-spec.ts.
    const shownVerifiers = [...shown.keys()].filter((path) => path.startsWith('docs/examples/verify/'));
    expect(shownVerifiers.sort()).toEqual(snippets.map(({ path }) => path).sort());
  });

  it('finds every program the snippets run with (else: the apt command that installs them)', () => {
    const missing = Object.keys(DEBIAN_PACKAGES).filter((program) => !isInstalled(program));
    expect(missing.length ? `missing ${missing.join(', ')}: ${INSTALL_COMMAND}` : 'all installed').toBe(
      'all installed',
    );
  });

  it("shows an example delivery whose signatures are real for the page's example secret", () => {
    expect(page).toContain(`\`${EXAMPLE_SECRET}\``);
    const policy = { toleranceSeconds: null, now: new Date() };
    const { headers, body } = example;
    expect(verifyStandardWebhooksSignature(body, headers, [EXAMPLE_SECRET], policy)).toEqual({
      status: 'valid',
    });
    expect(
      verifyTimestampedSignature(body, headers['x-webhook-signature'], [EXAMPLE_SECRET], policy),
    ).toEqual({
      status: 'valid',
    });
  });

  describe('against real deliveries of the app', () => {
    let t: TestApp;
    let receiver: Receiver;
    let scratch: string;
    let first: RecordedRequest;
    const cases = new Map<CaseName, VerifyInput>();

    beforeAll(async () => {
      [t, receiver] = await Promise.all([startTestApp(), createReceiver()]);
      scratch = mkdtempSync(join(tmpdir(), 'docs-receiving-'));
      const api = client(t, KEYS.admin);
      const subscribe = async (path: string, secret?: string) => {
        const url = `${receiver.url}/${path}`;
        const created = await api.post('/api/webhooks', { url, secret, event_types: ['contact.created'] });
        expect(created.status).toBe(201);
        return { id: created.body.data.id as string, secret: created.body.secret as string };
      };
      const publish = async (data: object) => {
        const published = await api.post('/api/events', { type: 'contact.created', data });
        expect(published.status).toBe(201);
        return published.body.data.id as string;
      };
      const generated = await subscribe('generated');
      const chosen = await subscribe('chosen', EXAMPLE_SECRET);
      expect(chosen.secret).toBe(EXAMPLE_SECRET);

      const firstId = await publish({ id: 'con_1', first_name: 'Zoë', email: 'ada@example.com' });
      await receiver.waitFor(2);
      const to = (path: string, eventId: string) =>
        receiver.requests.find(
          (request) => request.path.endsWith(`/${path}`) && request.eventId === eventId,
        )!;
      first = to('generated', firstId);

      const rotated = await api.patch(`/api/webhooks/${generated.id}/secret`, {});
      expect(rotated.status).toBe(200);
      const secondId = await publish({ id: 'con_2', name: 'Grace' });
      await receiver.waitFor(4);
      const duringRotation = to('generated', secondId);
      expect(duringRotation.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);

      const tampered = Buffer.from(first.rawBody.toString().replace('con_1', 'con_9'));
      const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
      const replayed = {
        ...inputOf(first, generated.secret),
        timestamp: String(tenMinutesAgo),
        signature: signStandardWebhooks({
          id: String(first.headers['webhook-id']),
          timestamp: tenMinutesAgo,
          body: first.rawBody.toString(),
          secrets: [generated.secret],
        }),
      };
      const entries: [CaseName, VerifyInput][] = [
        ['a delivery signed with a generated secret (whsec_ + base64)', inputOf(first, generated.secret)],
        [
          'a delivery signed with a secret the subscriber chose',
          inputOf(to('chosen', firstId), EXAMPLE_SECRET),
        ],
        [
          'a delivery during a rotation, checked with the old secret',
          inputOf(duringRotation, generated.secret),
        ],
        [
          'a delivery during a rotation, checked with the new secret',
          inputOf(duringRotation, rotated.body.secret),
        ],
        ['a tampered body', { ...inputOf(first, generated.secret), body: tampered }],
        ['the wrong secret', inputOf(first, `whsec_${randomBytes(32).toString('base64')}`)],
        ['a genuine delivery signed 10 minutes ago (a replay)', replayed],
        [
          "the page's example delivery (genuine, long past)",
          {
            secret: EXAMPLE_SECRET,
            id: example.headers['webhook-id']!,
            timestamp: example.headers['webhook-timestamp']!,
            signature: example.headers['webhook-signature']!,
            body: example.body,
          },
        ],
        ['an empty secret', inputOf(first, '')],
      ];
      for (const [name, input] of entries) cases.set(name, input);
    });
    afterAll(async () => {
      await Promise.all([t.close(), receiver.close()]);
      rmSync(scratch, { recursive: true, force: true });
    });

    it('carry the headers and the envelope the page shows', () => {
      const received = (headers: IncomingHttpHeaders) =>
        Object.keys(headers)
          .filter((name) => !TRANSPORT_HEADERS.includes(name))
          // The host chooses the name of the t=…,v1=… header; the page shows the default one.
          .map((name) => (name === SIGNATURE_HEADER.toLowerCase() ? 'x-webhook-signature' : name))
          .sort();
      expect(received(first.headers)).toEqual(Object.keys(example.headers).sort());
      expect(first.headers['user-agent']).toBe(example.headers['user-agent']);
      expect(first.headers['content-type']).toBe(example.headers['content-type']);
      expect(Object.keys(first.json as object)).toEqual(Object.keys(JSON.parse(example.body.toString())));
      const { id } = first.json as { id: string };
      expect([first.headers['webhook-id'], first.headers['x-webhook-event-id']]).toEqual([id, id]);
    });

    describe.each(snippets)('$path', (snippet) => {
      it.each(CASES)('%s', async (name, refusal) => {
        const run = await runSnippet(snippet, cases.get(name)!, scratch);
        if (refusal === null) {
          expect(run).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^verified/) });
        } else {
          expect(run.exitCode).not.toBe(0);
          expect(run.stderr).toMatch(refusal);
        }
      });
    });
  });
});
