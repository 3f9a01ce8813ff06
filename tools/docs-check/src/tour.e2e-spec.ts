import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { portsInUse } from './free-ports.js';
import { receivedRequests, receivedTokenRequests } from './receiver-log.js';
import { readShellBlocks } from './shell-blocks.js';
import { TourSession } from './tour-session.js';
import { userEnvironment } from './user-environment.js';
import { WORKSPACE_ROOT } from './workspace-root.js';

// What a newcomer pastes, in the order they read it, from the repository root: the README's tour
// starts the app (`npm start`, on the default data folder apps/api/.data, with whatever an earlier
// run left there) and the receiver in terminals of their own, then the HTTP API guide carries on,
// then the endpoints page (custom headers to that receiver; mutual TLS and OAuth2 each with a
// receiver of its own, on 4001 and 4002; payload filters), then the inbound and console guides,
// whose commands run against the same app.
const TOUR = [
  { page: 'README.md', section: 'A five-minute tour' },
  { page: 'docs/http-api.md', section: undefined },
  { page: 'docs/endpoints.md', section: undefined },
  { page: 'docs/inbound.md', section: undefined },
  { page: 'docs/console.md', section: undefined },
];
/** Where the tour's app and receivers listen: fixed in the text a reader pastes. */
const TOUR_PORTS = [3000, 4000, 4001, 4002];
/** npm start builds the libraries, the console and the app first: minutes on a busy CI machine. */
const TOUR_TIMEOUT_MS = 20 * 60_000;
/** A check that waits for the receiver: longer than the session's own wait (60 s), so that one names what it waited for. */
const WAITING_CHECK_TIMEOUT_MS = 90_000;

describe('the tour, run as written: README "A five-minute tour", then docs/http-api.md, endpoints.md, inbound.md, console.md', () => {
  let session: TourSession | undefined;
  let ranThrough = false;

  beforeAll(async () => {
    const busy = await portsInUse(TOUR_PORTS);
    if (busy.length > 0) {
      throw new Error(
        `port ${busy.join(' and ')} in use: the tour starts the app on 3000 and receivers on 4000-4002, ` +
          'as a reader would; stop what listens there (an npm start or npm run receiver of yours?) and run again',
      );
    }
    // NO_COLOR: Nest colours its log by default; failure messages read better without escape codes.
    session = new TourSession({ cwd: WORKSPACE_ROOT, env: userEnvironment({ NO_COLOR: '1' }) });
  });

  afterAll(async () => {
    await session?.stop();
    // Everything the tour started is gone: the app, its PostgreSQL, the receiver, the shell.
    expect(session?.liveProcesses()).toEqual([]);
  }, 120_000);

  it(
    'runs every block in order, each command succeeding',
    async () => {
      const pages = TOUR.map(({ page, section }) => readShellBlocks(WORKSPACE_ROOT, page, section));
      await tour(false).run((await Promise.all(pages)).flat());
      ranThrough = true;
    },
    TOUR_TIMEOUT_MS,
  );

  /** The session; for the checks below, only once every block ran (the first test says why not). */
  const tour = (mustHaveRunThrough = true) => {
    if (!session || (mustHaveRunThrough && !ranThrough)) throw new Error('the tour did not run through');
    return session;
  };
  /** The output of the one foreground block whose commands contain `snippet`. */
  const outputOf = (snippet: string): string => {
    const found = tour().outputs.filter(
      ({ block }) => block.run.mode === 'foreground' && block.code.includes(snippet),
    );
    if (found.length !== 1)
      throw new Error(`${found.length} tour blocks contain ${JSON.stringify(snippet)}, not 1`);
    return found[0].output();
  };
  /** The output of the first receiver started with `flag` (the README's when none is given). */
  const receiverOutput = (flag = ''): string => {
    const receiver = tour().outputs.find(
      ({ block }) => block.code.includes('npm run receiver') && block.code.includes(flag),
    );
    if (!receiver) throw new Error(`no tour block starts a receiver (npm run receiver ${flag})`);
    return receiver.output();
  };
  /** Resolves with the requests of `eventId` a receiver printed, once it printed one at `path`. */
  const deliveredTo = async (path: string, eventId: string, receiverFlag = '') => {
    await tour().waitForPrinted(`POST ${path} ${eventId} `);
    return receivedRequests(receiverOutput(receiverFlag)).filter((request) => request.eventId === eventId);
  };
  const verified = { signature: '✔ valid', standardWebhooks: '✔ valid' };

  describe('README', () => {
    it(
      'the published event reaches the receiver, both signatures verified, and the delivery log says success',
      async () => {
        const published = JSON.parse(outputOf('"type": "contact.created"')) as { data: { id: string } };

        expect(await deliveredTo('/webhooks', published.data.id)).toContainEqual(
          expect.objectContaining({
            path: '/webhooks',
            eventType: 'contact.created',
            attempt: 1,
            ...verified,
          }),
        );
        expect(JSON.parse(outputOf('{event_type, status, http_status, attempt}'))).toEqual({
          event_type: 'contact.created',
          status: 'success',
          http_status: 200,
          attempt: 1,
        });
      },
      WAITING_CHECK_TIMEOUT_MS,
    );

    it(
      'the Stripe event is accepted and its handler’s payment.succeeded reaches the receiver, verified',
      async () => {
        expect(outputOf('npm run send -- stripe payment_intent.succeeded')).toMatch(
          /← 200 \{"received":true,.*"duplicate":false\}/,
        );

        await tour().waitForPrinted('payment.succeeded attempt 1');
        expect(receivedRequests(receiverOutput())).toContainEqual(
          expect.objectContaining({ path: '/webhooks', eventType: 'payment.succeeded', ...verified }),
        );
      },
      WAITING_CHECK_TIMEOUT_MS,
    );
  });

  describe('docs/http-api.md', () => {
    it('a workspace sees its own subscriptions and no other', () => {
      expect(outputOf("'X-Workspace-Id: globex'")).toMatch(/\["Acme CRM"(,"Acme CRM")*\]\n\[\]\n$/);
    });

    it(
      'a delivery held while paused is sent on resume, verified',
      async () => {
        const [paused, held, active] = outputOf('"status": "paused"').trim().split('\n');
        expect([paused, active]).toEqual(['paused', 'active']);

        expect(await deliveredTo('/deals', held)).toContainEqual(
          expect.objectContaining({ eventType: 'deal.won', attempt: 1, ...verified }),
        );
      },
      WAITING_CHECK_TIMEOUT_MS,
    );

    it('an idempotency key answers the first event again, 201 then 200', () => {
      const [first, again] = outputOf('ORDER_KEY=').trim().split('\n');
      const id = (line: string) =>
        (JSON.parse(line.replace(/ \d{3}$/, '')) as { data: { id: string } }).data.id;

      expect([first.slice(-3), again.slice(-3)]).toEqual(['201', '200']);
      expect(id(again)).toBe(id(first));
    });

    it('data breaking its type’s schema is refused, every problem named', () => {
      expect(JSON.parse(outputOf('"nights": 4'))).toEqual({
        code: 'validation_failed',
        fields: ['data', 'data.check_in'],
      });
    });

    it('a batch stores every event, and the log shows them delivered with the attempt’s request', () => {
      expect(outputOf('/events/batch')).toBe('["deal.won","deal.lost"]\n');

      const lines = outputOf('status=success&limit=3')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown);
      expect(lines.slice(0, -1)).toContainEqual(
        expect.objectContaining({ event_type: 'deal.lost', status: 'success', http_status: 200 }),
      );
      expect(lines[lines.length - 1]).toMatchObject({
        url: 'http://127.0.0.1:4000/deals',
        http_status: 200,
        request_headers: expect.arrayContaining(['X-Rex-Signature']),
      });
    });

    it(
      'recover sends the event that failed while the endpoint was down, once the endpoint is fixed',
      async () => {
        const [url, scheduled] = outputOf('/recover').trim().split('\n');
        expect(url).toBe('http://127.0.0.1:4000/billing');
        expect(JSON.parse(scheduled)).toEqual({ data: { scheduled: 1 } });

        const failedEvent = outputOf('-d \'{"type": "contact.updated"').trim();
        expect(await deliveredTo('/billing', failedEvent)).toContainEqual(
          expect.objectContaining({ eventType: 'contact.updated', ...verified }),
        );
      },
      WAITING_CHECK_TIMEOUT_MS,
    );

    it('an event’s deliveries say it failed for good at that endpoint, and the log filters on it', () => {
      const [detail, rows] = outputOf('delivery_status=failed').trim().split('\n');
      expect(JSON.parse(detail)).toEqual({
        status: 'failed',
        attempts: 1,
        last_http_status: null,
        next_attempt_at: null,
      });
      expect(JSON.parse(rows)).toEqual([
        { event_type: 'contact.updated', status: 'failed', delivery_status: 'failed' },
      ]);
    });

    it('redeliver and replay schedule the event again; a ping answers the endpoint’s reply', () => {
      expect(outputOf('/redeliver')).toMatch(/"status":"pending"/);
      expect(JSON.parse(outputOf('/ping'))).toEqual({ status: 'success', http_status: 200 });
    });

    it('a rotation answers a new secret, a deletion 204', () => {
      expect(outputOf('/secret')).toBe('whsec_\n204\n');
    });

    it('every request the receiver got carried valid signatures of both schemes', () => {
      const requests = receivedRequests(receiverOutput());

      expect(requests.length).toBeGreaterThan(0);
      expect(
        requests.filter(
          ({ signature, standardWebhooks }) =>
            signature !== verified.signature || standardWebhooks !== verified.standardWebhooks,
        ),
      ).toEqual([]);
    });
  });

  describe('docs/endpoints.md, custom headers', () => {
    it(
      'answers and logs the headers redacted, while the receiver got their values',
      async () => {
        const redacted = '{"X-Api-Key":"[redacted]","X-Tenant":"[redacted]"}\n';
        expect(outputOf('jq -c .data.headers')).toBe(redacted);
        expect(outputOf('{"X-Api-Key", "X-Tenant"}')).toBe(redacted);

        const task = await tour().variable('TASK');
        expect(await deliveredTo('/partner', task)).toContainEqual(
          expect.objectContaining({
            eventType: 'task.created',
            headers: 'X-Api-Key: k_live_4f9a2c · X-Tenant: acme',
            ...verified,
          }),
        );
      },
      WAITING_CHECK_TIMEOUT_MS,
    );
  });

  describe('docs/endpoints.md, mutual TLS', () => {
    it('makes the certificates with openssl and answers the client certificate without its key', () => {
      expect(outputOf('openssl x509 -in client.crt -noout')).toMatch(
        /subject=CN\s?=\s?acme-sender\nnotAfter=.+\nsha256 Fingerprint=([0-9A-F]{2}:){31}[0-9A-F]{2}\n/i,
      );
      expect(outputOf('--rawfile cert')).toBe('{"client_cert_subject":"CN=acme-sender","client_key":null}\n');
    });

    it(
      'delivers over HTTPS to the receiver that demands a client certificate, which names ours',
      async () => {
        expect(outputOf('select(.event_id == $update)')).toBe('{"status":"success","http_status":200}\n');

        const update = await tour().variable('UPDATE');
        expect(await deliveredTo('/bank', update, '--client-ca')).toContainEqual(
          expect.objectContaining({
            eventType: 'deal.updated',
            clientCertificate: 'CN=acme-sender',
            ...verified,
          }),
        );
      },
      WAITING_CHECK_TIMEOUT_MS,
    );
  });

  describe('docs/endpoints.md, OAuth2 client credentials', () => {
    it('answers the grant without its secret; a PATCH may leave the secret out, and null removes the grant', () => {
      expect(JSON.parse(outputOf('jq -c .data.oauth2\n'))).toEqual({
        token_url: 'http://127.0.0.1:4002/oauth/token',
        client_id: 'webhooks-sender',
        scope: 'webhooks:receive',
        audience: 'https://billing.example.com',
      });
      expect(outputOf('invoices:read')).toBe('webhooks:receive invoices:read\nnull\n');
    });

    it(
      'delivers both events with a bearer token the receiver issued, one token for both, logged redacted',
      async () => {
        expect(outputOf('$one or .event_id == $two')).toBe('["success","success"]\n"[redacted]"\n');

        // One after the other: the shell answers one question at a time.
        const one = await tour().variable('LOST_1');
        const two = await tour().variable('LOST_2');
        const tokensOf = async (eventId: string) => {
          const requests = await deliveredTo('/billing', eventId, '--oauth2-client');
          expect(requests).toContainEqual(expect.objectContaining({ eventType: 'deal.lost', ...verified }));
          return requests.map(({ bearerToken }) => bearerToken);
        };
        const [first, second] = [await tokensOf(one), await tokensOf(two)];
        // Both carried the same token: fetched once, then taken from the cache.
        expect(first.filter((token) => second.includes(token))).toContainEqual(
          expect.stringMatching(/^✔ valid \(token \d+\)$/),
        );
        expect(receivedTokenRequests(receiverOutput('--oauth2-client'))[0]).toEqual({
          asked:
            'client_credentials webhooks-sender scope=webhooks:receive audience=https://billing.example.com',
          given: '✔ issued token 1',
        });
      },
      WAITING_CHECK_TIMEOUT_MS,
    );
  });

  describe('docs/endpoints.md, payload filters', () => {
    it('delivers the event the filter matches and makes no attempt for the other', () => {
      expect(outputOf('--arg large')).toBe('[{"large":true,"small":false,"status":"success"}]\n');
    });
  });

  describe('docs/inbound.md', () => {
    it('accepts the three signed test webhooks, each from the secret file the app wrote', () => {
      const sent = outputOf('npm run send -- github push');
      for (const source of ['stripe', 'github', 'hubspot']) {
        expect(sent).toContain(`Signing with the secret in apps/api/.data/dev-`);
        expect(sent).toMatch(new RegExp(`POST http://127\\.0\\.0\\.1:3000/api/webhooks/${source} `));
      }
      expect(sent.match(/← 200 \{"received":true,/g)).toHaveLength(3);
    });

    it('handles the GitHub push, and makes a per-customer source in its workspace with its URL and secret', () => {
      expect(JSON.parse(outputOf('/inbound-events?source=github'))).toEqual({
        source: 'github',
        type: 'push',
        status: 'processed',
      });
      expect(JSON.parse(outputOf('/inbound-sources'))).toEqual({
        url: expect.stringMatching(/^http:\/\/localhost:3000\/api\/webhooks\/src_\w+$/),
        workspace: 'acme',
        secret: expect.any(String),
      });
    });
  });

  describe('docs/console.md', () => {
    it('hands out a portal link for the workspace', () => {
      expect(outputOf('/portal/sessions').trim()).toMatch(/^http:\/\/localhost:3000\/portal\?token=[\w.-]+$/);
    });
  });
});
