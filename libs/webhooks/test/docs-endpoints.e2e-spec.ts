import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { InMemoryWebhooksStorage } from '../src/storage/in-memory/in-memory-webhooks.storage.js';
import { startDeliveryApp, type DeliveryApp } from './support/delivery-app.js';

const page = readFileSync(join(import.meta.dirname, '../../../docs/endpoints.md'), 'utf8');

/** The ```bash blocks of one `## ` section of docs/endpoints.md, in order. */
function bashBlocks(section: string): string[] {
  const start = page.indexOf(`\n## ${section}\n`);
  const end = page.indexOf('\n## ', start + 1);
  const text = page.slice(start, end === -1 ? undefined : end);
  return [...text.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]);
}

/** The JSON a `curl … -d '<json>'` command sends. */
function curlBody(command: string): object {
  return JSON.parse(/-d '([\s\S]*?)'/.exec(command)![1]);
}

// The commands docs/endpoints.md shows for custom headers and mutual TLS, run as written (openssl
// and jq in a temp folder); the `curl` calls go to the API through the test client instead of a
// server on port 3000.
describe('docs/endpoints.md: custom headers and mutual TLS, as written', () => {
  let app: DeliveryApp;
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-docs-'));

  beforeAll(async () => {
    app = await startDeliveryApp(new InMemoryWebhooksStorage(), { worker: false, eventTypes: [] });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a subscription with the custom headers of the example, answered redacted', async () => {
    const [create] = bashBlocks('Custom headers');
    const res = await app.as(null).post('/api/webhooks').send(curlBody(create)).expect(201);
    expect(res.body.data.headers).toEqual({ 'X-Api-Key': '[redacted]', 'X-Tenant': '[redacted]' });
  });

  it('makes a CA and a client certificate with openssl, and sets them with the jq body', async () => {
    const [makeCertificates, setCertificate] = bashBlocks('Mutual TLS');
    const printed = execFileSync('bash', ['-euo', 'pipefail', '-c', makeCertificates], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(printed).toMatch(/subject=CN\s?=\s?acme-sender/);
    expect(printed).toMatch(/sha256 Fingerprint=/i);
    const jqCommand = setCertificate.slice(0, setCertificate.indexOf('curl'));
    execFileSync('bash', ['-euo', 'pipefail', '-c', jqCommand], { cwd: dir });
    expect(setCertificate).toContain('-d @tls.json');

    const id = (
      await app.as(null).post('/api/webhooks').send({ url: 'https://example.com/hook' }).expect(201)
    ).body.data.id;
    const body = JSON.parse(readFileSync(join(dir, 'tls.json'), 'utf8'));
    const res = await app.as(null).patch(`/api/webhooks/${id}`).send(body).expect(200);
    expect(res.body.data.tls).toMatchObject({
      client_cert: readFileSync(join(dir, 'client.crt'), 'utf8'),
      client_cert_subject: 'CN=acme-sender',
      client_cert_fingerprint_sha256: expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/),
    });
    expect(JSON.stringify(res.body)).not.toContain('PRIVATE KEY');
  });
});
